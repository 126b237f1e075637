// A user's program, built by test/install_test.py against the installed library only (pkg-config, no path
// into this repository): for each "integrand<TAB>domain<TAB>nx<TAB>ny" line on stdin it prints the serial and
// the threads run's bits, or the status, field, column and message of a failure.

#include <integration2d.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int main(void) {
  const integration2d_info *info = integration2d_kernel_info();
  if (!info) return 1;
  printf("integration2d %s, kernel %s, ABI %d\n", info->version, info->kernel, info->abi);
  char line[8192];
  while (fgets(line, sizeof line, stdin)) {
    line[strcspn(line, "\n")] = '\0';
    char *integrand = strtok(line, "\t"), *domain = strtok(NULL, "\t"), *nx = strtok(NULL, "\t"), *ny = strtok(NULL, "\t");
    if (!ny) return 1;
    integration2d_problem *p;
    integration2d_result serial, threads;
    int rc = integration2d_define(&p, integrand, domain, atoi(nx), atoi(ny));
    if (rc == INTEGRATION2D_OK) rc = integration2d_run(p, INTEGRATION2D_SERIAL, 1, &serial);
    if (rc == INTEGRATION2D_OK) rc = integration2d_run(p, INTEGRATION2D_THREADS, 3, &threads);
    if (rc == INTEGRATION2D_OK) printf("%s %s\n", serial.bits, threads.bits);
    else printf("error %d (%s) field %d column %d: %s\n", rc, integration2d_strerror(rc), integration2d_error_field(p),
                integration2d_error_column(p), p ? integration2d_message(p) : "");
    integration2d_free(p);
  }
  return 0;
}
