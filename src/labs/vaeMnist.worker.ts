import {serveLab} from "../train/labRunner.js";
import {vaeMnistSpec} from "./vaeMnistSpec.js";
import {vaeMnistAssets, vaeMnistFiles, vaeMnistLab} from "./vaeMnist.js";

serveLab(vaeMnistSpec, vaeMnistLab(), {largeProducts: true, files: vaeMnistFiles, assets: vaeMnistAssets}); // its time is in 784×400 products
