export { SsoPanel, type SsoPanelProps } from "./sso-panel";
export { TestResult } from "./test-result";
