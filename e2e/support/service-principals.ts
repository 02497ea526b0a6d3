// Organizations and service principals for token-service end-to-end tests, written straight to the
// database the app under test uses (same DATABASE_URL and key-encryption secret).
export { createTestClient, createTestOrganization, type TestClient } from "@/lib/oauth/test-fixtures";
