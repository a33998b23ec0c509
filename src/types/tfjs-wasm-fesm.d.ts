// The browser build of the WASM backend (Framework cannot bundle the package entry, which imports "fs").
declare module "@tensorflow/tfjs-backend-wasm/dist/tf-backend-wasm.fesm.js" {
  export * from "@tensorflow/tfjs-backend-wasm";
}
