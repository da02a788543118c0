/** Request validation: class-validator errors become a problem+json with JSON pointers per field. */
import { ArgumentMetadata, Type, ValidationError, ValidationPipe, ValidationPipeOptions } from '@nestjs/common';
import { FieldError, ValidationProblem, pointerSegment } from './problem';

export function flattenValidationErrors(errors: ValidationError[], parentPointer = ''): FieldError[] {
  return errors.flatMap((error) => {
    const here = `${parentPointer}/${pointerSegment(error.property)}`;
    const own = Object.values(error.constraints ?? {}).map((message) => ({ pointer: here, detail: humanize(message, error.property) }));
    return [...own, ...flattenValidationErrors(error.children ?? [], here)];
  });
}

/** class-validator says "property x should not exist"; say what to do instead. */
function humanize(message: string, property: string): string {
  if (message === `property ${property} should not exist`)
    return `Unknown field "${property}"; remove it (see the API documentation for allowed fields).`;
  return message;
}

/**
 * A cheaper check for one body class: returns the body when it is certainly valid, else undefined.
 * It must never accept what class-validator would refuse (see submission-fast-check.ts).
 */
export type FastCheck = (body: unknown) => object | undefined;

/** The global pipe, with optional fast checks per body class; everything else (and every error) goes to class-validator. */
export class RegisterValidationPipe extends ValidationPipe {
  constructor(
    options: ValidationPipeOptions,
    private readonly fastChecks: ReadonlyMap<Type, FastCheck>,
  ) {
    super(options);
  }

  override async transform(value: unknown, metadata: ArgumentMetadata): Promise<unknown> {
    const fastCheck = metadata.type === 'body' && metadata.metatype ? this.fastChecks.get(metadata.metatype) : undefined;
    return fastCheck?.(value) ?? super.transform(value, metadata);
  }
}

export function createValidationPipe(fastChecks: ReadonlyMap<Type, FastCheck> = new Map()): ValidationPipe {
  return new RegisterValidationPipe(
    {
      whitelist: true,
      forbidNonWhitelisted: true,
      forbidUnknownValues: true,
      transform: true,
      transformOptions: { enableImplicitConversion: false },
      validationError: { target: false, value: false },
      exceptionFactory: (errors) => new ValidationProblem(flattenValidationErrors(errors)),
    },
    fastChecks,
  );
}
