import {serveLab} from "../train/labRunner.js";
import {vqMnistSpec} from "./vqMnistSpec.js";
import {createVqMnistLab} from "./vqMnist.js";
serveLab(vqMnistSpec, createVqMnistLab);
