// Regenerates test/vectors.json from the built kernels (npm run build first). Run it only on purpose: a
// change in these bits is a change in the kernel's promise, and the commit must say why.
//   node scripts/make-vectors.mjs

import { writeFileSync } from "node:fs";
import { integrate } from "../dist/node/index.js";

const cases = [
  // The seed's problem, and the same at sizes every host can afford in its tests.
  ["sin(x+y)", "0,pi,0,pi", 10000, 10000],
  ["sin(x+y)", "0,pi,0,pi", 1000, 1000],
  ["sin(x+y)", "0,pi,0,pi", 1, 1],
  ["sin(x+y)", "-pi,pi/2,0,2pi", 301, 157],
  ["sin(x+y)", "0,1,0,1", 64, 33],
  ["sin(x)*cos(y)", "0,pi,0,pi", 1000, 1000],
  ["sin(x)*cos(y)", "-pi/2,3pi/4,-1,2.5", 257, 99],
  ["sin(x)*cos(y)", "1000,1001,-2000,-1999", 50, 51],
  ["sin(x)*cos(y)", "0,600000,0,1", 40, 3],
  ["exp(x+y)", "0,1,0,1", 1000, 1000],
  ["exp(x+y)", "-2,0.5,-1,1", 123, 77],
  ["x*y", "0,1,0,2", 500, 500],
  ["x*y", "-1,1,-1,1", 7, 9],
  ["x*y", "-3.5,2.25,1e-3,4", 100, 1],
  ["1/(1+x+y)", "0,1,0,1", 1000, 1000],
  ["1/(1+x+y)", "-0.5,2,-0.25,3", 211, 63],
  // Rows longer than the kernel's table of y values (65536 points), which it then fills tile by tile.
  ["sin(x+y)", "0,pi,0,pi", 3, 140001],
  ["sin(x)*cos(y)", "-1,2,0,100", 2, 65537],
];

const vectors = [];
for (const [integrand, domain, nx, ny] of cases) {
  const bits = {};
  let record;
  for (const kernel of ["scalar", "simd"]) {
    record = await integrate({ integrand, domain, nx, ny, kernel, scheme: "serial" });
    bits[kernel] = record.bits;
  }
  vectors.push({ integrand, domain_text: domain, domain: record.domain, nx, ny, bits, exact: record.exact });
  process.stdout.write(`${integrand} ${domain} ${nx}x${ny} ${JSON.stringify(bits)}\n`);
}

const file = {
  about: "Known answers of the integration2d kernel (ABI 1). Every host computes each vector with each kernel build it runs and compares the 64-bit pattern of the value (bits: \"0x\" + 16 hex digits, big-endian) for equality; domain_text must parse to exactly `domain`. Regenerate only on purpose: node scripts/make-vectors.mjs",
  abi: 1,
  vectors,
};
writeFileSync(new URL("../test/vectors.json", import.meta.url), JSON.stringify(file, null, 2) + "\n");
