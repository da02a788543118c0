/** Runs a CLI command with the application's own services (same validation and audit as the API). */
import { INestApplicationContext, Type } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { plainToInstance } from 'class-transformer';
import { validate } from 'class-validator';
import { AppModule } from '../app.module';
import { flattenValidationErrors } from '../common/validation';
import { loadConfig } from '../config/config';
import type { DatabaseLocation } from '../database/database-location';
import { CliUsageError } from './cli-args';

export async function withAppContext<T>(database: DatabaseLocation, work: (app: INestApplicationContext) => Promise<T>): Promise<T> {
  const config = loadConfig({ ...process.env, LOG_LEVEL: process.env.LOG_LEVEL ?? 'silent', AUDIT_SEAL_INTERVAL_MS: '0' });
  const app = await NestFactory.createApplicationContext(
    AppModule.forRoot({ ...config, databaseUrl: database.appUrl, databaseOwnerUrl: database.ownerUrl }),
    { logger: false },
  );
  try {
    return await work(app);
  } finally {
    await app.close();
  }
}

/** Validates CLI input with the same DTO classes as the API, so both refuse the same things. */
export async function validDto<T extends object>(type: Type<T>, input: Record<string, unknown>): Promise<T> {
  const dto = plainToInstance(type, input);
  const errors = await validate(dto, { whitelist: true, forbidNonWhitelisted: true });
  if (errors.length > 0)
    throw new CliUsageError(
      flattenValidationErrors(errors)
        .map((e) => `${e.pointer.slice(1)}: ${e.detail}`)
        .join('; '),
    );
  return dto;
}
