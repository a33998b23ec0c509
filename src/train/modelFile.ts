// The model file: a trained model as ONE JSON file an instructor hands to students, who import it back into the
// same widget. It holds the model's name and config, the reader's settings (seed included), the backend and library
// versions it was trained with, the step, the last metrics, and the weights as base64 of little-endian float32.
//
// `decodeModelFile` is pure: it checks everything (size, JSON, format, version, model, config, settings, shapes,
// lengths, finiteness) before returning, so a bad file never half-replaces the current model. Its messages name the
// problem and what to do; the caller adds what stays ("The current model is unchanged.").
//
// One concept a file: the format (modelFileFormat.ts), writing (encodeModelFile.ts), reading (decodeModelFile.ts);
// this module is their public face.
export {
  MODEL_FILE_FORMAT, MODEL_FILE_MAX_BYTES, MODEL_FILE_VERSION, SITE, vaeVariableShapes,
  type HeldOutMetrics, type ModelFile, type ModelFileInput
} from "./modelFileFormat.js";
export {encodeModelFile, modelFileName} from "./encodeModelFile.js";
export {decodeModelFile} from "./decodeModelFile.js";
export {base64ToFloat32, float32ToBase64} from "../data/base64.js";
