// Data loader (build time): the committed precomputed run data/warmstart/vae-mnist-2d.json (see scripts/warmstart.ts).
import {passWarmStart} from "../../src/data/warmStartLoader.ts";

passWarmStart("data/warmstart/vae-mnist-2d.json");
