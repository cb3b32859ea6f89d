/** A file's text, as the bundler's `?raw` import gives it (vite; vitest the same). */
declare module '*.css?raw' {
  const text: string;
  export default text;
}
