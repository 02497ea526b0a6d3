/** The largest SCIM request body accepted (413 beyond): a 10,000-member group push fits. */
export const MAX_SCIM_BODY_BYTES = 1024 * 1024;
/** The most resources one list page returns (a larger `count` is lowered to it). */
export const MAX_PAGE_SIZE = 1000;
export const DEFAULT_PAGE_SIZE = 100;
