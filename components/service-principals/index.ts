export { ServicePrincipalsPanel } from "./panel";
