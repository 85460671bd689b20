/**
 * Attachments in a bucket of any S3-compatible store (deployment), through the AWS SDK's S3 client:
 * each file's bytes are spooled to a local temporary file while their digest is taken, then put under
 * the digest as key — only where the bucket does not already hold those bytes (a repair otherwise).
 */
import {
  CreateBucketCommand,
  GetObjectCommand,
  HeadBucketCommand,
  NoSuchKey,
  PutObjectCommand,
  S3Client,
} from '@aws-sdk/client-s3';
import { createReadStream } from 'node:fs';
import { rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Readable } from 'node:stream';
import { type AttachmentStore, hashesTo, spool } from './attachment-store';

export interface S3StoreConfig {
  readonly endpoint: string;
  readonly region: string;
  readonly bucket: string;
  readonly accessKeyId: string;
  readonly secretAccessKey: string;
}

export class S3AttachmentStore implements AttachmentStore {
  private readonly client: S3Client;
  private ready: Promise<void> | undefined;

  constructor(
    private readonly config: S3StoreConfig,
    readonly maxBytes: number,
    private readonly spoolDir = join(tmpdir(), 'jishi-attachments'),
  ) {
    this.client = new S3Client({
      endpoint: config.endpoint,
      region: config.region,
      forcePathStyle: true,
      credentials: { accessKeyId: config.accessKeyId, secretAccessKey: config.secretAccessKey },
      // Checksums only where the operation requires them: S3-compatible stores other than AWS's do
      // not all take the SDK's default checksum headers. The archive checks each file's SHA-256 itself.
      requestChecksumCalculation: 'WHEN_REQUIRED',
      responseChecksumValidation: 'WHEN_REQUIRED',
    });
  }

  /** The bucket, made once if the store does not have it. */
  private bucket(): Promise<void> {
    this.ready ??= (async () => {
      try {
        await this.client.send(new HeadBucketCommand({ Bucket: this.config.bucket }));
      } catch {
        await this.client.send(new CreateBucketCommand({ Bucket: this.config.bucket }));
      }
    })().catch((err: unknown) => {
      this.ready = undefined;
      throw err;
    });
    return this.ready;
  }

  async put(source: Readable): Promise<{ sha256: string; size: number }> {
    await this.bucket();
    const { file, sha256, size } = await spool(source, this.spoolDir, this.maxBytes);
    try {
      if (!(await this.intact(sha256)))
        await this.client.send(
          new PutObjectCommand({
            Bucket: this.config.bucket,
            Key: sha256,
            Body: createReadStream(file),
            ContentLength: size,
          }),
        );
      return { sha256, size };
    } finally {
      await rm(file, { force: true });
    }
  }

  async read(sha256: string): Promise<Readable | undefined> {
    await this.bucket();
    try {
      const object = await this.client.send(
        new GetObjectCommand({ Bucket: this.config.bucket, Key: sha256 }),
      );
      return object.Body as Readable;
    } catch (err) {
      if (err instanceof NoSuchKey || (err as { name?: string }).name === 'NoSuchKey') return undefined;
      throw err;
    }
  }

  async intact(sha256: string): Promise<boolean> {
    const stream = await this.read(sha256);
    return stream !== undefined && hashesTo(stream, sha256);
  }

  /** Closes the client's connections. */
  destroy(): void {
    this.client.destroy();
  }
}
