/** Request validation: class-validator errors become a problem+json with JSON pointers per field. */
import { ValidationError, ValidationPipe } from '@nestjs/common';
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
  if (message === `property ${property} should not exist`) return `Unknown field "${property}"; remove it (see the API documentation for allowed fields).`;
  return message;
}

export function createValidationPipe(): ValidationPipe {
  return new ValidationPipe({
    whitelist: true,
    forbidNonWhitelisted: true,
    forbidUnknownValues: true,
    transform: true,
    transformOptions: { enableImplicitConversion: false },
    validationError: { target: false, value: false },
    exceptionFactory: (errors) => new ValidationProblem(flattenValidationErrors(errors)),
  });
}
