/**
 * The content-addressed store of attachments: each file kept once under its SHA-256 digest — in a
 * local directory (the default) or in a bucket of any S3-compatible store (deployment). Its digest is
 * taken from the bytes as they arrive and the size is capped while reading.
 */
import { createHash, randomUUID } from 'node:crypto';
import { createReadStream, createWriteStream } from 'node:fs';
import { mkdir, open, rename, rm, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { Transform, type Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';

export class TooLarge extends Error {}

/** Where attachments' bytes are kept, by digest. */
export interface AttachmentStore {
  readonly maxBytes: number;
  /** Stores a stream's bytes; returns their digest and size. Throws TooLarge past the cap. */
  put(source: Readable): Promise<{ sha256: string; size: number }>;
  /** The file's bytes, as a stream; undefined when the store does not hold it. */
  read(sha256: string): Promise<Readable | undefined>;
  /** Whether the store holds the file and its bytes still hash to its name. */
  intact(sha256: string): Promise<boolean>;
}

/** Reads a stream into a new temporary file, hashing and counting; the caller removes the file. */
export async function spool(
  source: Readable,
  dir: string,
  maxBytes: number,
): Promise<{ file: string; sha256: string; size: number }> {
  await mkdir(dir, { recursive: true });
  const file = join(dir, `.upload-${randomUUID()}`);
  const hash = createHash('sha256');
  let size = 0;
  const count = new Transform({
    transform(chunk: Buffer, _enc, done) {
      size += chunk.length;
      if (size > maxBytes) return done(new TooLarge(`more than ${maxBytes} bytes`));
      hash.update(chunk);
      done(null, chunk);
    },
  });
  try {
    await pipeline(source, count, createWriteStream(file, { flags: 'wx' }));
    const handle = await open(file, 'r');
    await handle.sync();
    await handle.close();
  } catch (err) {
    await rm(file, { force: true });
    throw err;
  }
  return { file, sha256: hash.digest('hex'), size };
}

/** Whether a stream's bytes hash to a digest. */
export async function hashesTo(stream: Readable, sha256: string): Promise<boolean> {
  const hash = createHash('sha256');
  for await (const chunk of stream) hash.update(chunk as Buffer);
  return hash.digest('hex') === sha256;
}

/**
 * The local directory: a file is written to a temporary name, flushed, then renamed into place, so a
 * reader never sees half a file.
 */
export class FileSystemAttachmentStore implements AttachmentStore {
  constructor(
    private readonly dir: string,
    readonly maxBytes: number,
  ) {}

  private path(sha256: string): string {
    return join(this.dir, sha256.slice(0, 2), sha256);
  }

  async put(source: Readable): Promise<{ sha256: string; size: number }> {
    const { file, sha256, size } = await spool(source, this.dir, this.maxBytes);
    try {
      await mkdir(join(this.dir, sha256.slice(0, 2)), { recursive: true });
      // The same bytes under the same name: a file already there is replaced only if it no longer
      // holds them (a repair), never by other bytes.
      if (!(await this.intact(sha256))) await rename(file, this.path(sha256));
      return { sha256, size };
    } finally {
      await rm(file, { force: true });
    }
  }

  async read(sha256: string): Promise<Readable | undefined> {
    try {
      await stat(this.path(sha256));
    } catch {
      return undefined;
    }
    return createReadStream(this.path(sha256));
  }

  async intact(sha256: string): Promise<boolean> {
    const stream = await this.read(sha256);
    return stream !== undefined && hashesTo(stream, sha256);
  }
}
