#define _GNU_SOURCE
#include "CBerthLinux.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <grp.h>
#include <linux/bpf.h>
#include <linux/capability.h>
#include <linux/mount.h>
#include <pty.h>
#include <sched.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/personality.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/signalfd.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <sys/sysmacros.h>
#include <sys/un.h>
#include <termios.h>
#include <unistd.h>

#ifndef SYS_mount_setattr
#define SYS_mount_setattr 442
#endif
#ifndef SYS_open_tree
#define SYS_open_tree 428
#endif
#ifndef SYS_move_mount
#define SYS_move_mount 429
#endif
#ifndef SYS_pidfd_open
#define SYS_pidfd_open 434
#endif
#ifndef SYS_close_range
#define SYS_close_range 436
#endif
#ifndef CLOSE_RANGE_CLOEXEC
#define CLOSE_RANGE_CLOEXEC (1U << 2)
#endif

pid_t berth_clone(unsigned long flags) {
    return (pid_t)syscall(SYS_clone, flags | SIGCHLD, 0, 0, 0, 0);
}

#ifndef SYS_clone3
#define SYS_clone3 435
#endif
#ifndef CLONE_INTO_CGROUP
#define CLONE_INTO_CGROUP 0x200000000ULL
#endif

struct berth_clone_args {
    uint64_t flags, pidfd, child_tid, parent_tid, exit_signal, stack, stack_size, tls, set_tid, set_tid_size, cgroup;
};

pid_t berth_clone_into(unsigned long flags, int cgroup_fd, int *joined) {
    *joined = 0;
    if (cgroup_fd >= 0) {
        struct berth_clone_args a;
        memset(&a, 0, sizeof(a));
        a.flags = (uint64_t)flags | CLONE_INTO_CGROUP;
        // clone3 rejects an exit signal with CLONE_PARENT: the child inherits ours (SIGCHLD).
        a.exit_signal = (flags & CLONE_PARENT) ? 0 : SIGCHLD;
        a.cgroup = (uint64_t)cgroup_fd;
        long r = syscall(SYS_clone3, &a, sizeof(a));
        if (r >= 0) {
            *joined = 1;
            return (pid_t)r;
        }
        if (errno != ENOSYS && errno != E2BIG && errno != EINVAL) return -1;
    }
    return berth_clone(flags);
}

int berth_setns(int fd, int nstype) { return setns(fd, nstype); }
int berth_unshare(int flags) { return unshare(flags); }
int berth_pipe2(int fds[2], int flags) { return pipe2(fds, flags); }
int berth_sethostname(const char *name) { return sethostname(name, strlen(name)); }
int berth_setdomainname(const char *name) { return setdomainname(name, strlen(name)); }

int berth_thread_count(void) {
    DIR *d = opendir("/proc/self/task");
    if (!d) return -1;
    int n = 0;
    struct dirent *e;
    while ((e = readdir(d)) != NULL) {
        if (e->d_name[0] != '.') n++;
    }
    closedir(d);
    return n;
}

int berth_pivot_root(const char *new_root, const char *put_old) {
    return (int)syscall(SYS_pivot_root, new_root, put_old);
}

struct berth_mount_attr {
    uint64_t attr_set, attr_clr, propagation, userns_fd;
};

int berth_mount_setattr_recursive(int dirfd, const char *path, uint64_t attr_set, uint64_t attr_clr,
                                  uint64_t propagation, int userns_fd, int recursive) {
    struct berth_mount_attr a = { attr_set, attr_clr, propagation, (uint64_t)(userns_fd < 0 ? 0 : userns_fd) };
    unsigned int flags = AT_EMPTY_PATH | (recursive ? AT_RECURSIVE : 0);
    return (int)syscall(SYS_mount_setattr, dirfd, path, flags, &a, sizeof(a));
}

int berth_open_tree(int dirfd, const char *path, unsigned int flags) {
    return (int)syscall(SYS_open_tree, dirfd, path, flags);
}

int berth_move_mount(int from_dirfd, const char *from_path, int to_dirfd, const char *to_path, unsigned int flags) {
    return (int)syscall(SYS_move_mount, from_dirfd, from_path, to_dirfd, to_path, flags);
}

int berth_capset(uint64_t effective, uint64_t permitted, uint64_t inheritable) {
    struct __user_cap_header_struct h = { _LINUX_CAPABILITY_VERSION_3, 0 };
    struct __user_cap_data_struct d[2];
    d[0].effective = (uint32_t)effective;
    d[1].effective = (uint32_t)(effective >> 32);
    d[0].permitted = (uint32_t)permitted;
    d[1].permitted = (uint32_t)(permitted >> 32);
    d[0].inheritable = (uint32_t)inheritable;
    d[1].inheritable = (uint32_t)(inheritable >> 32);
    return (int)syscall(SYS_capset, &h, d);
}

int berth_prctl(int option, unsigned long a2, unsigned long a3, unsigned long a4, unsigned long a5) {
    return prctl(option, a2, a3, a4, a5);
}

int berth_cap_last_cap(void) {
    int fd = open("/proc/sys/kernel/cap_last_cap", O_RDONLY | O_CLOEXEC);
    if (fd < 0) return CAP_LAST_CAP;
    char buf[16] = {0};
    ssize_t n = read(fd, buf, sizeof(buf) - 1);
    close(fd);
    if (n <= 0) return CAP_LAST_CAP;
    return atoi(buf);
}

// glibc's setgroups/setuid broadcast to all threads; the raw syscalls act on the caller only, which is
// what a single-threaded init wants and avoids glibc's signal-based broadcast machinery.
int berth_setgroups(size_t n, const gid_t *groups) { return (int)syscall(SYS_setgroups, n, groups); }
int berth_setresuid(uid_t r, uid_t e, uid_t s) { return (int)syscall(SYS_setresuid, r, e, s); }
int berth_setresgid(gid_t r, gid_t e, gid_t s) { return (int)syscall(SYS_setresgid, r, e, s); }
int berth_personality(unsigned long persona) { return personality(persona); }

int berth_ioprio_set(int ioprio) { return (int)syscall(SYS_ioprio_set, 1 /* IOPRIO_WHO_PROCESS */, 0, ioprio); }

struct berth_sched_attr {
    uint32_t size, sched_policy;
    uint64_t sched_flags;
    int32_t sched_nice;
    uint32_t sched_priority;
    uint64_t sched_runtime, sched_deadline, sched_period;
    uint32_t util_min, util_max;
};

int berth_sched_setattr(uint32_t policy, uint64_t flags, int32_t nice, uint32_t priority,
                        uint64_t runtime, uint64_t deadline, uint64_t period) {
    struct berth_sched_attr a;
    memset(&a, 0, sizeof(a));
    a.size = sizeof(a);
    a.sched_policy = policy;
    a.sched_flags = flags;
    a.sched_nice = nice;
    a.sched_priority = priority;
    a.sched_runtime = runtime;
    a.sched_deadline = deadline;
    a.sched_period = period;
    return (int)syscall(SYS_sched_setattr, 0, &a, 0);
}

int berth_sched_setaffinity(const int *cpus, size_t count) {
    cpu_set_t set;
    CPU_ZERO(&set);
    for (size_t i = 0; i < count; i++) if (cpus[i] >= 0 && cpus[i] < CPU_SETSIZE) CPU_SET(cpus[i], &set);
    return sched_setaffinity(0, sizeof(set), &set);
}

int berth_set_mempolicy(int mode, const unsigned long *nodemask, unsigned long maxnode) {
    return (int)syscall(SYS_set_mempolicy, mode, nodemask, maxnode);
}

int berth_open(const char *path, int flags, unsigned int mode) { return open(path, flags, (mode_t)mode); }
int berth_openat(int dirfd, const char *path, int flags, unsigned int mode) { return openat(dirfd, path, flags, (mode_t)mode); }

int berth_set_cloexec(int fd, int on) {
    int f = fcntl(fd, F_GETFD);
    if (f < 0) return -1;
    f = on ? (f | FD_CLOEXEC) : (f & ~FD_CLOEXEC);
    return fcntl(fd, F_SETFD, f);
}

int berth_lock_file(const char *path) {
    int fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0600);
    if (fd < 0) return -1;
    struct flock fl;
    memset(&fl, 0, sizeof(fl));
    fl.l_type = F_WRLCK;
    fl.l_whence = SEEK_SET;
    int r;
    do { r = fcntl(fd, F_SETLKW, &fl); } while (r < 0 && errno == EINTR);
    if (r < 0) { int e = errno; close(fd); errno = e; return -1; }
    return fd;
}

int berth_set_nonblock(int fd, int on) {
    int f = fcntl(fd, F_GETFL);
    if (f < 0) return -1;
    f = on ? (f | O_NONBLOCK) : (f & ~O_NONBLOCK);
    return fcntl(fd, F_SETFL, f);
}

int berth_close_range_cloexec(unsigned int first) {
    if (syscall(SYS_close_range, first, ~0U, CLOSE_RANGE_CLOEXEC) == 0) return 0;
    // Older kernels: walk /proc/self/fd.
    DIR *d = opendir("/proc/self/fd");
    if (!d) return -1;
    int self = dirfd(d);
    struct dirent *e;
    while ((e = readdir(d)) != NULL) {
        if (e->d_name[0] == '.') continue;
        int fd = atoi(e->d_name);
        if (fd >= (int)first && fd != self) berth_set_cloexec(fd, 1);
    }
    closedir(d);
    return 0;
}

int berth_close_fds_except(const int *keep, size_t count) {
    DIR *d = opendir("/proc/self/fd");
    if (!d) return -1;
    int self = dirfd(d);
    int fds[1024];
    size_t n = 0;
    struct dirent *e;
    while ((e = readdir(d)) != NULL && n < 1024) {
        if (e->d_name[0] == '.') continue;
        int fd = atoi(e->d_name);
        if (fd < 3 || fd == self) continue;
        int kept = 0;
        for (size_t i = 0; i < count; i++) if (keep[i] == fd) { kept = 1; break; }
        if (!kept) fds[n++] = fd;
    }
    closedir(d);
    for (size_t i = 0; i < n; i++) close(fds[i]);
    return 0;
}

int berth_mknod(const char *path, unsigned int mode, unsigned int major, unsigned int minor) {
    return mknod(path, (mode_t)mode, makedev(major, minor));
}
unsigned int berth_major(uint64_t dev) { return major((dev_t)dev); }
unsigned int berth_minor(uint64_t dev) { return minor((dev_t)dev); }

int berth_openpty(int *master, int *slave, unsigned short rows, unsigned short cols) {
    int m = posix_openpt(O_RDWR | O_NOCTTY | O_CLOEXEC);
    if (m < 0) return -1;
    if (grantpt(m) != 0 || unlockpt(m) != 0) { close(m); return -1; }
    char name[128];
    if (ptsname_r(m, name, sizeof(name)) != 0) { close(m); return -1; }
    int s = open(name, O_RDWR | O_NOCTTY | O_CLOEXEC);
    if (s < 0) { close(m); return -1; }
    if (rows || cols) berth_set_winsize(m, rows, cols);
    *master = m;
    *slave = s;
    return 0;
}

#ifndef TIOCGPTPEER
#define TIOCGPTPEER _IO('T', 0x41)
#endif

int berth_openpty_at(const char *ptmx, int *master, int *slave, int *number, unsigned short rows, unsigned short cols) {
    int m = open(ptmx, O_RDWR | O_NOCTTY | O_CLOEXEC);
    if (m < 0) return -1;
    int unlock = 0;
    if (ioctl(m, TIOCSPTLCK, &unlock) != 0) { close(m); return -1; }
    unsigned int n = 0;
    if (ioctl(m, TIOCGPTN, &n) != 0) { close(m); return -1; }
    int s = ioctl(m, TIOCGPTPEER, O_RDWR | O_NOCTTY | O_CLOEXEC);
    if (s < 0) { close(m); return -1; }
    if (rows || cols) berth_set_winsize(m, rows, cols);
    *master = m;
    *slave = s;
    *number = (int)n;
    return 0;
}

int berth_set_ctty(int fd) { return ioctl(fd, TIOCSCTTY, 0); }

int berth_set_winsize(int fd, unsigned short rows, unsigned short cols) {
    struct winsize ws = { rows, cols, 0, 0 };
    return ioctl(fd, TIOCSWINSZ, &ws);
}

int berth_get_winsize(int fd, unsigned short *rows, unsigned short *cols) {
    struct winsize ws;
    if (ioctl(fd, TIOCGWINSZ, &ws) != 0) return -1;
    *rows = ws.ws_row;
    *cols = ws.ws_col;
    return 0;
}

size_t berth_termios_size(void) { return sizeof(struct termios); }

int berth_make_raw(int fd, void *saved, size_t saved_len) {
    struct termios t;
    if (tcgetattr(fd, &t) != 0) return -1;
    if (saved && saved_len >= sizeof(t)) memcpy(saved, &t, sizeof(t));
    // Fully raw, output processing included: the container's pty already did it, and a second pass
    // would turn its "\r\n" into "\r\r\n" (runc and containerd's console do the same).
    cfmakeraw(&t);
    return tcsetattr(fd, TCSANOW, &t);
}

int berth_restore_termios(int fd, const void *saved, size_t saved_len) {
    if (!saved || saved_len < sizeof(struct termios)) return -1;
    return tcsetattr(fd, TCSANOW, (const struct termios *)saved);
}

ssize_t berth_send_fd(int sock, int fd, const void *data, size_t len) {
    char dummy = 0;
    struct iovec iov = { (void *)(data && len ? data : &dummy), data && len ? len : 1 };
    union { struct cmsghdr h; char buf[CMSG_SPACE(sizeof(int))]; } u;
    memset(&u, 0, sizeof(u));
    struct msghdr msg = {0};
    msg.msg_iov = &iov;
    msg.msg_iovlen = 1;
    if (fd >= 0) {
        msg.msg_control = u.buf;
        msg.msg_controllen = sizeof(u.buf);
        struct cmsghdr *c = CMSG_FIRSTHDR(&msg);
        c->cmsg_level = SOL_SOCKET;
        c->cmsg_type = SCM_RIGHTS;
        c->cmsg_len = CMSG_LEN(sizeof(int));
        memcpy(CMSG_DATA(c), &fd, sizeof(int));
    }
    ssize_t r;
    do { r = sendmsg(sock, &msg, MSG_NOSIGNAL); } while (r < 0 && errno == EINTR);
    return r;
}

ssize_t berth_recv_fd(int sock, int *fd, void *data, size_t len) {
    char dummy;
    struct iovec iov = { data && len ? data : &dummy, data && len ? len : 1 };
    union { struct cmsghdr h; char buf[CMSG_SPACE(sizeof(int) * 4)]; } u;
    struct msghdr msg = {0};
    msg.msg_iov = &iov;
    msg.msg_iovlen = 1;
    msg.msg_control = u.buf;
    msg.msg_controllen = sizeof(u.buf);
    *fd = -1;
    ssize_t r;
    do { r = recvmsg(sock, &msg, MSG_CMSG_CLOEXEC); } while (r < 0 && errno == EINTR);
    if (r < 0) return r;
    for (struct cmsghdr *c = CMSG_FIRSTHDR(&msg); c; c = CMSG_NXTHDR(&msg, c)) {
        if (c->cmsg_level == SOL_SOCKET && c->cmsg_type == SCM_RIGHTS) {
            memcpy(fd, CMSG_DATA(c), sizeof(int));
            break;
        }
    }
    return r;
}

static int fill_sockaddr(struct sockaddr_un *a, const char *path) {
    memset(a, 0, sizeof(*a));
    a->sun_family = AF_UNIX;
    if (strlen(path) >= sizeof(a->sun_path)) { errno = ENAMETOOLONG; return -1; }
    strcpy(a->sun_path, path);
    return 0;
}

int berth_unix_connect(const char *path) {
    struct sockaddr_un a;
    if (fill_sockaddr(&a, path) != 0) return -1;
    int s = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
    if (s < 0) return -1;
    if (connect(s, (struct sockaddr *)&a, sizeof(a)) != 0) { int e = errno; close(s); errno = e; return -1; }
    return s;
}

int berth_unix_listen(const char *path, int backlog) {
    struct sockaddr_un a;
    if (fill_sockaddr(&a, path) != 0) return -1;
    int s = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
    if (s < 0) return -1;
    unlink(path);
    if (bind(s, (struct sockaddr *)&a, sizeof(a)) != 0 || listen(s, backlog) != 0) {
        int e = errno; close(s); errno = e; return -1;
    }
    return s;
}

int berth_bpf_prog_load_cgroup_device(const void *insns, unsigned int insn_count, char *log, unsigned int log_size) {
    union bpf_attr attr;
    memset(&attr, 0, sizeof(attr));
    attr.prog_type = BPF_PROG_TYPE_CGROUP_DEVICE;
    attr.insns = (uint64_t)(uintptr_t)insns;
    attr.insn_cnt = insn_count;
    attr.license = (uint64_t)(uintptr_t)"Apache";
    attr.log_buf = (uint64_t)(uintptr_t)log;
    attr.log_size = log_size;
    attr.log_level = log && log_size ? 1 : 0;
    return (int)syscall(SYS_bpf, BPF_PROG_LOAD, &attr, sizeof(attr));
}

int berth_bpf_prog_attach_cgroup_device(int prog_fd, int cgroup_fd) {
    union bpf_attr attr;
    memset(&attr, 0, sizeof(attr));
    attr.target_fd = cgroup_fd;
    attr.attach_bpf_fd = prog_fd;
    attr.attach_type = BPF_CGROUP_DEVICE;
    attr.attach_flags = BPF_F_ALLOW_MULTI;
    return (int)syscall(SYS_bpf, BPF_PROG_ATTACH, &attr, sizeof(attr));
}

int berth_bpf_prog_query_cgroup_device(int cgroup_fd, uint32_t *ids, uint32_t *count) {
    union bpf_attr attr;
    memset(&attr, 0, sizeof(attr));
    attr.query.target_fd = cgroup_fd;
    attr.query.attach_type = BPF_CGROUP_DEVICE;
    attr.query.prog_ids = (uint64_t)(uintptr_t)ids;
    attr.query.prog_cnt = *count;
    int r = (int)syscall(SYS_bpf, BPF_PROG_QUERY, &attr, sizeof(attr));
    *count = attr.query.prog_cnt;
    return r;
}

int berth_bpf_prog_get_fd_by_id(uint32_t id) {
    union bpf_attr attr;
    memset(&attr, 0, sizeof(attr));
    attr.prog_id = id;
    return (int)syscall(SYS_bpf, BPF_PROG_GET_FD_BY_ID, &attr, sizeof(attr));
}

int berth_bpf_prog_detach_cgroup_device(int prog_fd, int cgroup_fd) {
    union bpf_attr attr;
    memset(&attr, 0, sizeof(attr));
    attr.target_fd = cgroup_fd;
    attr.attach_bpf_fd = prog_fd;
    attr.attach_type = BPF_CGROUP_DEVICE;
    return (int)syscall(SYS_bpf, BPF_PROG_DETACH, &attr, sizeof(attr));
}

int berth_unblock_signals(void) {
    sigset_t all;
    sigfillset(&all);
    return sigprocmask(SIG_UNBLOCK, &all, NULL);
}

int berth_reset_signal_handlers(void) {
    struct sigaction sa;
    memset(&sa, 0, sizeof(sa));
    sa.sa_handler = SIG_DFL;
    for (int s = 1; s < NSIG; s++) {
        if (s == SIGKILL || s == SIGSTOP) continue;
        sigaction(s, &sa, NULL);
    }
    return berth_unblock_signals();
}

int berth_pidfd_open(pid_t pid) { return (int)syscall(SYS_pidfd_open, pid, 0); }

int berth_signalfd_all(void) {
    sigset_t all;
    sigfillset(&all);
    if (sigprocmask(SIG_BLOCK, &all, NULL) != 0) return -1;
    return signalfd(-1, &all, SFD_CLOEXEC);
}

int berth_signalfd_read(int fd) {
    struct signalfd_siginfo info;
    ssize_t n;
    do { n = read(fd, &info, sizeof(info)); } while (n < 0 && errno == EINTR);
    if (n != sizeof(info)) return -1;
    return (int)info.ssi_signo;
}

int berth_mkfifo(const char *path, unsigned int mode) { return mkfifo(path, (mode_t)mode); }

int berth_wait_status(pid_t pid, int options, int *status) {
    pid_t r;
    do { r = waitpid(pid, status, options); } while (r < 0 && errno == EINTR);
    return (int)r;
}

// Shell convention: the exit code, or 128 + the signal that killed the process.
int berth_exit_code(int status) {
    if (WIFEXITED(status)) return WEXITSTATUS(status);
    if (WIFSIGNALED(status)) return 128 + WTERMSIG(status);
    return 255;
}

// ---- berth-shim helpers ----
#include <spawn.h>
#include <sys/eventfd.h>
#include <sys/inotify.h>
#include <stdio.h>
#include <malloc.h>

int berth_shim_signalfd(void) {
    sigset_t set;
    sigemptyset(&set);
    sigaddset(&set, SIGCHLD);
    if (sigprocmask(SIG_BLOCK, &set, NULL) != 0) return -1;
    signal(SIGPIPE, SIG_IGN);
    return signalfd(-1, &set, SFD_CLOEXEC | SFD_NONBLOCK);
}

pid_t berth_spawn_stdio(const char *path, char *const argv[], char *const envp[], int in, int out, int err) {
    posix_spawn_file_actions_t fa;
    posix_spawnattr_t attr;
    sigset_t none, all;
    sigemptyset(&none);
    sigfillset(&all);
    posix_spawn_file_actions_init(&fa);
    posix_spawn_file_actions_adddup2(&fa, in, 0);
    posix_spawn_file_actions_adddup2(&fa, out, 1);
    posix_spawn_file_actions_adddup2(&fa, err, 2);
    posix_spawnattr_init(&attr);
    posix_spawnattr_setsigmask(&attr, &none);
    posix_spawnattr_setsigdefault(&attr, &all);
    posix_spawnattr_setflags(&attr, POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF);
    pid_t pid = -1;
    int r = posix_spawn(&pid, path, &fa, &attr, argv, envp);
    posix_spawn_file_actions_destroy(&fa);
    posix_spawnattr_destroy(&attr);
    if (r != 0) { errno = r; return -1; }
    return pid;
}

int berth_oom_eventfd_v1(const char *memory_dir) {
    char path[4096], line[64];
    if (snprintf(path, sizeof(path), "%s/memory.oom_control", memory_dir) >= (int)sizeof(path)) { errno = ENAMETOOLONG; return -1; }
    int ofd = open(path, O_RDONLY | O_CLOEXEC);
    if (ofd < 0) return -1;
    int efd = eventfd(0, EFD_CLOEXEC | EFD_NONBLOCK);
    if (efd < 0) { int e = errno; close(ofd); errno = e; return -1; }
    snprintf(path, sizeof(path), "%s/cgroup.event_control", memory_dir);
    int cfd = open(path, O_WRONLY | O_CLOEXEC);
    int n = snprintf(line, sizeof(line), "%d %d", efd, ofd);
    if (cfd < 0 || write(cfd, line, (size_t)n) != n) {
        int e = errno;
        if (cfd >= 0) close(cfd);
        close(ofd);
        close(efd);
        errno = e;
        return -1;
    }
    // The kernel holds its own references once registered; the notification lives until the cgroup goes.
    close(cfd);
    close(ofd);
    return efd;
}

int berth_inotify_modify(const char *path) {
    int fd = inotify_init1(IN_CLOEXEC | IN_NONBLOCK);
    if (fd < 0) return -1;
    if (inotify_add_watch(fd, path, IN_MODIFY) < 0) { int e = errno; close(fd); errno = e; return -1; }
    return fd;
}

int berth_drain_fd(int fd) {
    char buf[512];
    int total = 0;
    for (;;) {
        ssize_t n = read(fd, buf, sizeof(buf));
        if (n > 0) { total += (int)n; continue; }
        if (n < 0 && errno == EINTR) continue;
        break;
    }
    return total;
}

int berth_pipe_cloexec(int fds[2]) {
    return pipe2(fds, O_CLOEXEC);
}

#include <spawn.h>
int berth_spawn_actions_closefrom(void *actions, int lowfd) {
    return posix_spawn_file_actions_addclosefrom_np((posix_spawn_file_actions_t *)actions, lowfd);
}

int berth_malloc_trim(void) { return malloc_trim(0); }

int berth_pipe_unread(int fd) {
    int n = 0;
    return ioctl(fd, FIONREAD, &n) == 0 ? n : -1;
}

// Network namespaces for berthd, which is threaded: a thread that setns/unshares CLONE_NEWNET
// changes only itself, so each helper does its namespace work on a fresh pthread and joins it.
// No Swift thread ever leaves the host namespace.
#include <pthread.h>
#include <sys/mount.h>

struct berth_netns_job {
    const char *path;
    int nsfd, domain, type, protocol;
    int result;
};

static void *berth_netns_create_thread(void *arg) {
    struct berth_netns_job *job = arg;
    if (unshare(CLONE_NEWNET) != 0) { job->result = -errno; return NULL; }
    // /proc/thread-self is this thread's own namespace, not the process leader's.
    if (mount("/proc/thread-self/ns/net", job->path, NULL, MS_BIND, NULL) != 0) { job->result = -errno; return NULL; }
    job->result = 0;
    return NULL;
}

static void *berth_socket_in_netns_thread(void *arg) {
    struct berth_netns_job *job = arg;
    if (setns(job->nsfd, CLONE_NEWNET) != 0) { job->result = -errno; return NULL; }
    int fd = socket(job->domain, job->type, job->protocol);
    job->result = fd >= 0 ? fd : -errno;
    return NULL;
}

static int berth_run_netns_job(void *(*body)(void *), struct berth_netns_job *job) {
    pthread_t thread;
    int rc = pthread_create(&thread, NULL, body, job);
    if (rc != 0) return -rc;
    rc = pthread_join(thread, NULL);
    if (rc != 0) return -rc;
    return job->result;
}

int berth_netns_create(const char *path) {
    struct berth_netns_job job = { .path = path, .nsfd = -1, .result = -EINVAL };
    return berth_run_netns_job(berth_netns_create_thread, &job);
}

int berth_socket_in_netns(int nsfd, int domain, int type, int protocol) {
    struct berth_netns_job job = { .nsfd = nsfd, .domain = domain, .type = type, .protocol = protocol, .result = -EINVAL };
    return berth_run_netns_job(berth_socket_in_netns_thread, &job);
}
