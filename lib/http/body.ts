// Reading request bodies (Web streams: Next.js route handlers) with a size cap that holds whether or not
// the client declared a length: a chunked body is counted as it arrives and nothing past the cap is
// kept, so nobody can make the server buffer more than it allows. (Next.js's server still reads and
// drops the rest before it closes; the lean node:http token path does the same in lib/oauth/http.ts,
// within limits of its own.)

export interface CappedBody {
  body: string;
  tooLarge: boolean;
}

export async function readCappedText(stream: ReadableStream<Uint8Array> | null, maxBytes: number, declaredLength?: string | null): Promise<CappedBody> {
  if (Number(declaredLength ?? 0) > maxBytes) {
    await stream?.cancel().catch(() => {});
    return { body: "", tooLarge: true };
  }
  if (!stream) return { body: "", tooLarge: false };
  const reader = stream.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > maxBytes) {
      await reader.cancel().catch(() => {});
      return { body: "", tooLarge: true };
    }
    chunks.push(value);
  }
  return { body: Buffer.concat(chunks).toString("utf8"), tooLarge: false };
}
