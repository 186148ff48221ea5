/**
 * A message body or payload for reading: JSON pretty-printed when it is JSON, as received when not.
 * Long bodies scroll inside their own box (never the page) and long unbroken text wraps.
 */
export function PayloadBlock({ summary, value }: { summary: string; value: unknown }) {
  let text: string;
  if (typeof value === 'string') {
    try {
      text = JSON.stringify(JSON.parse(value), null, 2);
    } catch {
      text = value;
    }
  } else {
    text = JSON.stringify(value, null, 2);
  }
  return (
    <details className="group min-w-0 text-sm">
      <summary className="w-fit cursor-pointer rounded text-primary hover:underline focus-visible:outline-2 focus-visible:outline-ring">{summary}</summary>
      <pre className="mt-2 max-h-72 overflow-auto rounded-md border bg-muted p-3 font-mono text-xs break-all whitespace-pre-wrap">{text}</pre>
    </details>
  );
}
