/** Files in and out of the options page: a chosen JSON file read, and a text offered as a download. */
import { MAX_FILE_BYTES } from '../../src/storage/limits';

export type ChosenJson = { name: string; data: unknown } | { name: string; error: string };

/** Reads the file picked in an `<input type=file>` as JSON, then clears the input so the same file can be picked again. */
export async function readChosenJson(ev: Event): Promise<ChosenJson | null> {
  const input = ev.target as HTMLInputElement;
  const file = input.files?.[0];
  input.value = '';
  if (!file) return null;
  if (file.size > MAX_FILE_BYTES) return { name: file.name, error: `${file.name} is larger than ${MAX_FILE_BYTES / 1024 / 1024} MB` };
  try {
    return { name: file.name, data: JSON.parse(await file.text()) };
  } catch {
    return { name: file.name, error: `${file.name} is not JSON` };
  }
}

/** Offers `text` as a file download; the object URL is released once the browser took it. */
export function download(name: string, type: string, text: string): void {
  const a = document.createElement('a');
  a.href = URL.createObjectURL(new Blob([text], { type }));
  a.download = name;
  a.click();
  setTimeout(() => URL.revokeObjectURL(a.href), 1000);
}
