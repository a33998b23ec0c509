import {serveLab} from "../train/labRunner.js";
import {codecLabSpec} from "./codecLabSpec.js";
import {createCodecLab} from "./codecLab.js";
serveLab(codecLabSpec, createCodecLab);
