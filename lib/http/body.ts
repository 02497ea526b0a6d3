// Reading request bodies with a size cap that holds whether or not the client declared a length:
// a chunked body is counted as it arrives and reading stops at the cap, so nobody can make the server
// buffer more than it allows.

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
