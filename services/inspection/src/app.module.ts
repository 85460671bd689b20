import { grantServiceRole, type ServiceConfig, serviceModule } from '@jishi/service-kit';
import { type DynamicModule, Module } from '@nestjs/common';
import { InspectionsController } from './inspections/inspections.controller';
import { InspectionsMessaging } from './inspections/inspections.consumer';
import { InspectionsService } from './inspections/inspections.service';
import { CreateInspections1764340000000 } from './migrations/1764340000000-create-inspections.migration';
import { InspectionRules1764410000000 } from './migrations/1764410000000-inspection-rules.migration';
import { ShortlistGiven1764500000000 } from './migrations/1764500000000-shortlist-given.migration';
import { InspectionNotice1764600000000 } from './migrations/1764600000000-inspection-notice.migration';
import { TeamActs1764820000000 } from './migrations/1764820000000-team-acts.migration';
import { TeamMembers1764610000000 } from './migrations/1764610000000-team-members.migration';

/** The service's own migrations; last, the grants of its own database role (jishi_inspection_app). */
export const INSPECTION_MIGRATIONS = [
  ...[
    CreateInspections1764340000000,
    InspectionRules1764410000000,
    ShortlistGiven1764500000000,
    InspectionNotice1764600000000,
    TeamMembers1764610000000,
  ],
  grantServiceRole('jishi_inspection_app'),
  TeamActs1764820000000,
];

@Module({})
export class AppModule {
  static of(config: ServiceConfig): DynamicModule {
    return serviceModule(AppModule, config, {
      migrations: INSPECTION_MIGRATIONS,
      controllers: [InspectionsController],
      providers: [InspectionsService, InspectionsMessaging],
    });
  }
}
