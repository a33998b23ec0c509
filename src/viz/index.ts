// The views: one a file, each `fn(data, options) → element`. See each file's header for its options.
export {lossChart, thinRecords, describeLoss, type LossRecord, type HeldOutRecord, type LossChartOptions, type LossChartElement} from "./lossChart.js";
export {imageGrid, imagesToRgba, gridLayout, paintRgba, type ImageGridOptions, type ImageGridElement, type GridLayout} from "./imageGrid.js";
export {reconstructionPairs, pairErrors, type ReconstructionPairsOptions, type ReconstructionPairsElement} from "./reconstructionPairs.js";
export {klBars, describeKl, type KlBarsOptions, type KlBarsElement} from "./klBars.js";
export {latentScatter, latentDomain, type LatentPoint, type LatentScatterOptions, type LatentScatterElement} from "./latentScatter.js";
export {latentGrid, type LatentGridOptions, type LatentGridElement} from "./latentGrid.js";
export {interpolationStrip, evenT, type InterpolationStripOptions, type InterpolationStripElement} from "./interpolationStrip.js";
export {digitPicker, digitOptionText, type DigitPickerOptions, type DigitPickerElement} from "./digitPicker.js";
export {digitColors, digitColor, okabeIto, seriesColors} from "./palette.js";
