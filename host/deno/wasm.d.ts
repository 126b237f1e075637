// esbuild's "binary" loader turns `import bytes from "….wasm"` into the file's bytes inlined in the bundle.
declare module "*.wasm" {
  const bytes: Uint8Array;
  export default bytes;
}
