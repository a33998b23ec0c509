import {serveLab} from "../train/labRunner.js";
import {exampleLabSpec} from "./exampleLabSpec.js";
import {createExampleLab} from "./exampleLab.js";

serveLab(exampleLabSpec, createExampleLab);
