/**
 * The content-addressed store of attachments: each file kept once under its SHA-256 digest, in a
 * local directory (the default; a deployment may put the directory on any mounted store). A file is
 * written to a temporary name, flushed, then renamed into place, so a reader never sees half a file;
 * its digest is taken from the bytes as they arrive, and the size is capped while reading.
 */
import { createHash, randomUUID } from 'node:crypto';
import { createReadStream, createWriteStream } from 'node:fs';
import { mkdir, open, rename, rm, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { Transform, type Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';

export class TooLarge extends Error {}

export class AttachmentStore {
  constructor(
    private readonly dir: string,
    readonly maxBytes: number,
  ) {}

  private path(sha256: string): string {
    return join(this.dir, sha256.slice(0, 2), sha256);
  }

  /** Stores a stream's bytes; returns their digest and size. Throws TooLarge past the cap. */
  async put(source: Readable): Promise<{ sha256: string; size: number }> {
    await mkdir(this.dir, { recursive: true });
    const temp = join(this.dir, `.upload-${randomUUID()}`);
    const hash = createHash('sha256');
    let size = 0;
    const max = this.maxBytes;
    const count = new Transform({
      transform(chunk: Buffer, _enc, done) {
        size += chunk.length;
        if (size > max) return done(new TooLarge(`more than ${max} bytes`));
        hash.update(chunk);
        done(null, chunk);
      },
    });
    try {
      await pipeline(source, count, createWriteStream(temp, { flags: 'wx' }));
      const handle = await open(temp, 'r');
      await handle.sync();
      await handle.close();
      const sha256 = hash.digest('hex');
      await mkdir(join(this.dir, sha256.slice(0, 2)), { recursive: true });
      // The same bytes under the same name: a file already there is replaced only if it no longer
      // holds them (a repair), never by other bytes.
      if (!(await this.intact(sha256))) await rename(temp, this.path(sha256));
      return { sha256, size };
    } finally {
      await rm(temp, { force: true });
    }
  }

  /** The file's bytes, as a stream; undefined when the store does not hold it. */
  async read(sha256: string): Promise<Readable | undefined> {
    try {
      await stat(this.path(sha256));
    } catch {
      return undefined;
    }
    return createReadStream(this.path(sha256));
  }

  /** Whether the store holds the file and its bytes still hash to its name. */
  async intact(sha256: string): Promise<boolean> {
    const stream = await this.read(sha256);
    if (!stream) return false;
    const hash = createHash('sha256');
    for await (const chunk of stream) hash.update(chunk as Buffer);
    return hash.digest('hex') === sha256;
  }
}
