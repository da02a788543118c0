/**
 * Where an extract's files live, behind a small interface so another store (an object store) can
 * replace the local directory. A file is written under a temporary name and becomes visible under
 * its own name only by `publish` (a rename), so a partial file is never offered.
 */
import { Inject, Injectable } from '@nestjs/common';
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Readable } from 'node:stream';
import type { AppConfig } from '../config/config';
import { APP_CONFIG } from '../config/config.module';
import type { WrittenFile } from './extract-files';

export abstract class ExtractStorage {
  /** A local path to write `name` of a request to, before it is published. */
  abstract draftPath(requestId: string, name: string): Promise<string>;
  /** Makes a finished draft the file `name`. */
  abstract publish(requestId: string, name: string): Promise<void>;
  abstract open(requestId: string, name: string): Readable;
  abstract exists(requestId: string, name: string): Promise<boolean>;
  /** Every file and draft of a request. */
  abstract removeAll(requestId: string): Promise<void>;
}

/** A published file as the export tables record it. */
export interface PublishedFile {
  name: string;
  format: 'csv' | 'parquet' | 'json';
  bytes: string;
  rows: number | null;
  sha256: string;
}

/** Publishes a draft a row-file writer finished, with what the writer says it holds. */
export async function publishWritten(
  storage: ExtractStorage,
  id: string,
  name: string,
  format: PublishedFile['format'],
  written: WrittenFile,
): Promise<PublishedFile> {
  await storage.publish(id, name);
  return { name, format, bytes: String(written.bytes), rows: written.rows, sha256: written.sha256 };
}

/** Writes a small file (codebook, manifest) whole as a draft and publishes it. */
export async function publishText(
  storage: ExtractStorage,
  id: string,
  name: string,
  format: PublishedFile['format'],
  text: string,
  rows: number | null,
): Promise<PublishedFile> {
  await fs.promises.writeFile(await storage.draftPath(id, name), text, { mode: 0o600 });
  await storage.publish(id, name);
  return { name, format, bytes: String(Buffer.byteLength(text)), rows, sha256: createHash('sha256').update(text).digest('hex') };
}

const SAFE_ID = /^[0-9a-f-]{36}$/;
const SAFE_NAME = /^[a-z0-9][a-z0-9._-]*$/;

@Injectable()
export class LocalExtractStorage extends ExtractStorage {
  constructor(@Inject(APP_CONFIG) private readonly config: AppConfig) {
    super();
  }

  private folder(requestId: string): string {
    if (!SAFE_ID.test(requestId)) throw new Error('extract storage: not a request id');
    return path.join(path.resolve(this.config.extractDir), requestId);
  }

  private file(requestId: string, name: string): string {
    if (!SAFE_NAME.test(name) || name.includes('..')) throw new Error('extract storage: not a file name');
    return path.join(this.folder(requestId), name);
  }

  async draftPath(requestId: string, name: string): Promise<string> {
    await fs.promises.mkdir(this.folder(requestId), { recursive: true, mode: 0o700 });
    return `${this.file(requestId, name)}.partial`;
  }

  async publish(requestId: string, name: string): Promise<void> {
    await fs.promises.rename(`${this.file(requestId, name)}.partial`, this.file(requestId, name));
  }

  open(requestId: string, name: string): Readable {
    return fs.createReadStream(this.file(requestId, name));
  }

  async exists(requestId: string, name: string): Promise<boolean> {
    return fs.promises.access(this.file(requestId, name)).then(
      () => true,
      () => false,
    );
  }

  async removeAll(requestId: string): Promise<void> {
    await fs.promises.rm(this.folder(requestId), { recursive: true, force: true });
  }
}
