// The quick check alone (a CommonJS module exporting one function), so the stage-one gate does not bundle all of Readability.
declare module '@mozilla/readability/Readability-readerable.js' {
  import type { isProbablyReaderable } from '@mozilla/readability';
  const check: typeof isProbablyReaderable;
  export default check;
}
