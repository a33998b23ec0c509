import {serveLab} from "../train/labRunner.js";
import {annealingSpec} from "./annealingSpec.js";
import {createAnnealingLab} from "./annealing.js";

serveLab(annealingSpec, createAnnealingLab);
