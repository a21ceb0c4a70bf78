#include <seccomp.h>
#include <errno.h>
#include <linux/filter.h>
#include <linux/seccomp.h>
#include <sys/syscall.h>
#include <unistd.h>

/* Installs an already generated BPF program (what seccomp_export_bpf wrote) with seccomp(2): the cached
 * path of SeccompFilter.load, which skips libseccomp's BPF generation in the container's init.
 * Returns 0 or -errno. */
static inline int berth_seccomp_load_program(const void *insns, unsigned short count, unsigned int flags) {
    struct sock_fprog prog = { .len = count, .filter = (struct sock_filter *)insns };
    if (syscall(SYS_seccomp, SECCOMP_SET_MODE_FILTER, flags, &prog) != 0) return -errno;
    return 0;
}
