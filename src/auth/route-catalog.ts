/**
 * The application's route table with each route's access decision, read from the controllers'
 * metadata. The authorization tests walk it, so every new route is checked without anyone
 * having to remember to add it.
 */
import { Injectable, RequestMethod } from '@nestjs/common';
import { METHOD_METADATA, PATH_METADATA } from '@nestjs/common/constants';
import { DiscoveryService, MetadataScanner, Reflector } from '@nestjs/core';
import { AccessDecision, accessDecisionFor } from './access.decorators';

export interface CatalogRoute {
  method: string;
  /** Express-style path, e.g. /api/v1/admin/institutions/:id */
  path: string;
  controller: string;
  handler: string;
  access: AccessDecision | undefined;
}

function joinPath(...parts: string[]): string {
  return `/${parts
    .flatMap((part) => part.split('/'))
    .filter(Boolean)
    .join('/')}`;
}

@Injectable()
export class RouteCatalog {
  constructor(
    private readonly discovery: DiscoveryService,
    private readonly scanner: MetadataScanner,
    private readonly reflector: Reflector,
  ) {}

  /** `prefixFor` maps a controller-relative path to its global prefix (the versioned API or none). */
  routes(prefixFor: (path: string) => string): CatalogRoute[] {
    return this.discovery.getControllers().flatMap((wrapper) => {
      const instance = wrapper.instance as object | undefined;
      if (!instance || !wrapper.metatype) return [];
      const controllerPaths = [Reflect.getMetadata(PATH_METADATA, wrapper.metatype) ?? ''].flat() as string[];
      const prototype = Object.getPrototypeOf(instance) as object;
      return this.scanner.getAllMethodNames(prototype).flatMap((name) => {
        const handler = (prototype as Record<string, unknown>)[name] as object;
        const methodPath = Reflect.getMetadata(PATH_METADATA, handler) as string | string[] | undefined;
        if (methodPath === undefined) return [];
        const method = RequestMethod[Reflect.getMetadata(METHOD_METADATA, handler) as RequestMethod];
        const access = accessDecisionFor(this.reflector, handler, wrapper.metatype as object);
        return controllerPaths.flatMap((controllerPath) =>
          [methodPath].flat().map((path) => {
            const relative = joinPath(controllerPath, path);
            return { method, path: joinPath(prefixFor(relative), relative), controller: wrapper.name, handler: name, access };
          }),
        );
      });
    });
  }
}
