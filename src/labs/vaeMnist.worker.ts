import {serveLab} from "../train/labRunner.js";
import {vaeMnistSpec} from "./vaeMnistSpec.js";
import {vaeMnistFiles, vaeMnistLab} from "./vaeMnist.js";

serveLab(vaeMnistSpec, vaeMnistLab(), {largeProducts: true, files: vaeMnistFiles}); // its time is in 784×400 products
