/** Every answer of the facade is application/fhir+json (errors too: see operation-outcome.ts). */
import { CallHandler, ExecutionContext, Injectable, NestInterceptor } from '@nestjs/common';
import type { Response } from 'express';
import type { Observable } from 'rxjs';
import { FHIR_CONTENT_TYPE } from './fhir-vocabulary';

@Injectable()
export class FhirContentType implements NestInterceptor {
  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    context.switchToHttp().getResponse<Response>().type(FHIR_CONTENT_TYPE);
    return next.handle();
  }
}
