export { ServicePrincipalsPanel, type ServicePrincipalsPanelProps } from "./panel";
