// Neither package ships TypeScript types; the bench uses a small, typed surface of each.
declare module "autocannon" {
  interface Histogram { average: number; mean: number; p50: number; p90: number; p99: number; max: number; total: number }
  export interface Result { requests: Histogram; latency: Histogram; non2xx: number; errors: number; timeouts: number; duration: number; "2xx": number }
  export interface Options {
    url: string; connections?: number; duration?: number; pipelining?: number; method?: string;
    headers?: Record<string, string>; body?: string; workers?: number;
  }
  export default function autocannon(opts: Options): Promise<Result>;
}

declare module "oidc-provider" {
  export default class Provider {
    constructor(issuer: string, configuration: Record<string, unknown>);
    listen(port: number, host?: string): import("node:http").Server;
    proxy: boolean;
  }
}
