import {serveLab} from "../train/labRunner.js";
import {vqToySpec} from "./vqToySpec.js";
import {createVqToyLab} from "./vqToy.js";
serveLab(vqToySpec, createVqToyLab);
