/** Child process for the lease test: take the lease named argv[3] on argv[2], say so, then hold it. */
import { tryAcquire } from '../../src/jobs/lease.ts';

const lease = await tryAcquire(process.argv[2]!, process.argv[3]!);
process.stdout.write(lease ? 'held\n' : 'busy\n');
setInterval(() => {}, 60_000);
