/** This deployment's token-service endpoints, shown in the Integration panel. */
export interface IntegrationEndpoints { issuer: string; tokenUrl: string; jwksUrl: string; discoveryUrl: string }
