export { DomainsPanel, type DomainsPanelProps } from "./panel";
export { DomainsScreen } from "./screen";
