import {serveLab} from "../train/labRunner.js";
import {betaVaeSpec} from "./betaVaeSpec.js";
import {createBetaVaeLab} from "./betaVae.js";
serveLab(betaVaeSpec, createBetaVaeLab);
