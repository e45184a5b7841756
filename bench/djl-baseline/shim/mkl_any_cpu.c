/* Preloaded into the DJL baseline by `run.sh --mkl-any-cpu`. The oneMKL linked into libtorch checks the CPU
 * vendor and, on a non-Intel CPU, runs its generic kernels (no AVX2, no AVX-512) whatever the CPU supports; these
 * two exported functions are that check. Answering "Intel" lets MKL pick the kernels the CPU's features allow,
 * which is libtorch at its best on an AMD machine: the fair baseline to compare against. */
int mkl_serv_intel_cpu_true(void) { return 1; }
int mkl_serv_intel_cpu(void) { return 1; }
