import {serveLab} from "../train/labRunner.js";
import {linearVaeLabSpec} from "./linearVaeSpec.js";
import {createLinearVaeLab} from "./linearVae.js";

serveLab(linearVaeLabSpec, createLinearVaeLab);
