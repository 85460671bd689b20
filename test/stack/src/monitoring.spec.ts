import { loadStackSettings } from '@jishi/testing';
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';

/**
 * The monitoring shipped in deploy/monitoring: Prometheus' configuration and alert rules pass
 * promtool's checks, every alert fires in its unit test (alerts.test.yml) on the series that mean
 * trouble and stays quiet on a healthy system's, and the Grafana dashboard is one that Grafana loads:
 * unique ids and places, every panel querying the Prometheus data source it names.
 */
const dir = path.join(loadStackSettings().workspaceRoot, 'deploy/monitoring');
const promtool = (...args: string[]) =>
  execFileSync('promtool', args, { cwd: dir, encoding: 'utf8', stdio: 'pipe' });

interface Panel {
  id: number;
  type: string;
  title: string;
  gridPos: { x: number; y: number; w: number; h: number };
  datasource?: { uid: string };
  targets?: { expr: string; refId: string }[];
}

describe('the monitoring in deploy/monitoring', () => {
  it('has a Prometheus configuration and alert rules promtool accepts', () => {
    expect(promtool('check', 'config', 'prometheus.yml')).toContain('is valid prometheus config file syntax');
    expect(promtool('check', 'rules', 'alerts.yml')).toMatch(/SUCCESS: 10 rules found/);
  });

  it('has alert rules that fire on trouble and not on health (promtool test rules)', () => {
    expect(promtool('test', 'rules', 'alerts.test.yml')).toContain('SUCCESS');
  });

  it('has a dashboard Grafana can load, each panel querying Prometheus', () => {
    const dashboard = JSON.parse(readFileSync(path.join(dir, 'grafana/jishi.json'), 'utf8')) as {
      uid: string;
      panels: Panel[];
      templating: { list: { name: string; type: string }[] };
    };
    expect(dashboard.uid).toBe('jishi-operations');
    expect(dashboard.templating.list).toContainEqual(
      expect.objectContaining({ name: 'datasource', type: 'datasource' }),
    );
    const ids = dashboard.panels.map((p) => p.id);
    expect(new Set(ids).size).toBe(ids.length);
    const queried = dashboard.panels.filter((p) => p.type !== 'row');
    expect(queried.length).toBeGreaterThanOrEqual(20);
    for (const panel of queried) {
      expect({ panel: panel.title, datasource: panel.datasource?.uid }).toEqual({
        panel: panel.title,
        datasource: '${datasource}',
      });
      expect({ panel: panel.title, targets: (panel.targets ?? []).length > 0 }).toEqual({
        panel: panel.title,
        targets: true,
      });
      for (const target of panel.targets ?? [])
        expect(target.expr).toMatch(/\b(jishi|temporal|process|nodejs)_\w+/);
      // On Grafana's grid of 24 columns, in its place.
      expect(panel.gridPos.x + panel.gridPos.w).toBeLessThanOrEqual(24);
    }
  });
});
