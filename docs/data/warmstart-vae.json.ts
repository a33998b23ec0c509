// Data loader (build time): the committed precomputed run data/warmstart/vae-mnist.json (see scripts/warmstart.ts).
import {passWarmStart} from "../../src/data/warmStartLoader.ts";

passWarmStart("data/warmstart/vae-mnist.json");
