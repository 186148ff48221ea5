/**
 * A form field as text: '' when it is missing or is a file (a crafted request can send a file
 * where the form has a text box; it must not become "[object File]").
 */
export function formText(form: FormData, name: string): string {
  const v = form.get(name);
  return typeof v === 'string' ? v : '';
}
