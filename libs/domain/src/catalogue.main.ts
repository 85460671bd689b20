// `npx nx run domain:catalogue`: prints the whole model as JSON on standard output.
import { describeModel } from './index';

process.stdout.write(`${JSON.stringify(describeModel(), null, 2)}\n`);
