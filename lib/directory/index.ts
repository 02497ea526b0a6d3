// Directory sync's domain: an organization's SCIM directories, their synced users and groups, the
// provisioning log. The SCIM protocol itself is lib/scim.
export { createDirectory, getDirectory, listDirectories, rotateDirectoryToken, scimEndpoint, updateDirectory } from "./directories";
export type { DirectoryWithToken, RotatedToken } from "./directories";
export { getDirectoryGroup, getDirectoryUser, listDirectoryGroups, listDirectoryUsers } from "./queries";
export type { DirectoryGroupListItem, Page } from "./queries";
export { listProvisioningLog } from "./provisioning-log";
export type { DirectoryUserView, DirectoryGroupView } from "./views";
