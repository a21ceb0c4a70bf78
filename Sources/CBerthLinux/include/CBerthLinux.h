// Thin C over syscalls and macros Swift cannot reach directly: variadic libc calls (prctl, ioctl,
// open, fcntl), raw clone, SCM_RIGHTS control messages, and syscalls glibc does not wrap.
#ifndef CBERTHLINUX_H
#define CBERTHLINUX_H

#include <stdint.h>
#include <sys/types.h>

// Process creation. A raw clone keeps glibc's fork handlers out of a single-threaded runtime and
// allows CLONE_PARENT, which makes the container init a sibling of its creator (a child of the
// runtime parent) so `run` can wait for it directly.
pid_t berth_clone(unsigned long flags);
// clone3 with CLONE_INTO_CGROUP when cgroup_fd >= 0 (the child starts in that cgroup2 directory).
// Falls back to clone when clone3 is unavailable; *joined tells whether the cgroup was applied.
pid_t berth_clone_into(unsigned long flags, int cgroup_fd, int *joined);
int berth_thread_count(void);
int berth_setns(int fd, int nstype);
int berth_unshare(int flags);
int berth_pipe2(int fds[2], int flags);
int berth_sethostname(const char *name);
int berth_setdomainname(const char *name);

// Namespaces and mounts.
int berth_pivot_root(const char *new_root, const char *put_old);
int berth_mount_setattr_recursive(int dirfd, const char *path, uint64_t attr_set, uint64_t attr_clr,
                                  uint64_t propagation, int userns_fd, int recursive);
int berth_open_tree(int dirfd, const char *path, unsigned int flags);
int berth_move_mount(int from_dirfd, const char *from_path, int to_dirfd, const char *to_path, unsigned int flags);

// Credentials and process attributes.
int berth_capset(uint64_t effective, uint64_t permitted, uint64_t inheritable);
int berth_prctl(int option, unsigned long a2, unsigned long a3, unsigned long a4, unsigned long a5);
int berth_cap_last_cap(void);
int berth_setgroups(size_t n, const gid_t *groups);
int berth_setresuid(uid_t r, uid_t e, uid_t s);
int berth_setresgid(gid_t r, gid_t e, gid_t s);
int berth_personality(unsigned long persona);
int berth_ioprio_set(int ioprio);
int berth_sched_setattr(uint32_t policy, uint64_t flags, int32_t nice, uint32_t priority,
                        uint64_t runtime, uint64_t deadline, uint64_t period);
int berth_sched_setaffinity(const int *cpus, size_t count);
int berth_set_mempolicy(int mode, const unsigned long *nodemask, unsigned long maxnode);

// Files.
int berth_open(const char *path, int flags, unsigned int mode);
int berth_openat(int dirfd, const char *path, int flags, unsigned int mode);
int berth_set_cloexec(int fd, int on);
// Blocking exclusive POSIX record lock on a (created if missing) lock file. Unlike flock, record
// locks are not inherited across fork, so a container init never holds its creator's lock.
int berth_lock_file(const char *path);
int berth_set_nonblock(int fd, int on);
int berth_close_range_cloexec(unsigned int first);
// Closes every fd >= 3 except those in keep[]: a container init must not hold its caller's
// descriptors (a caller waiting for EOF on an inherited pipe would hang until the container exits).
int berth_close_fds_except(const int *keep, size_t count);
int berth_mknod(const char *path, unsigned int mode, unsigned int major, unsigned int minor);
unsigned int berth_major(uint64_t dev);
unsigned int berth_minor(uint64_t dev);

// Terminals.
int berth_openpty(int *master, int *slave, unsigned short rows, unsigned short cols);
// Opens a pty from a specific ptmx node and its peer through TIOCGPTPEER, so the slave comes from
// the same devpts instance without a path lookup.
int berth_openpty_at(const char *ptmx, int *master, int *slave, int *number, unsigned short rows, unsigned short cols);
int berth_set_ctty(int fd);
int berth_set_winsize(int fd, unsigned short rows, unsigned short cols);
int berth_get_winsize(int fd, unsigned short *rows, unsigned short *cols);
int berth_make_raw(int fd, void *saved, size_t saved_len);
int berth_restore_termios(int fd, const void *saved, size_t saved_len);
size_t berth_termios_size(void);

// SCM_RIGHTS over unix sockets: one fd plus a small payload.
ssize_t berth_send_fd(int sock, int fd, const void *data, size_t len);
ssize_t berth_recv_fd(int sock, int *fd, void *data, size_t len);
int berth_unix_connect(const char *path);
int berth_unix_listen(const char *path, int backlog);

// bpf(2), for cgroup v2 device programs.
int berth_bpf_prog_load_cgroup_device(const void *insns, unsigned int insn_count, char *log, unsigned int log_size);
int berth_bpf_prog_attach_cgroup_device(int prog_fd, int cgroup_fd);
int berth_bpf_prog_query_cgroup_device(int cgroup_fd, uint32_t *ids, uint32_t *count);
int berth_bpf_prog_get_fd_by_id(uint32_t id);
int berth_bpf_prog_detach_cgroup_device(int prog_fd, int cgroup_fd);

// Signals.
int berth_unblock_signals(void);
int berth_reset_signal_handlers(void);
int berth_pidfd_open(pid_t pid);
// Blocks every signal and returns a signalfd for them, for a foreground process that forwards
// signals to its container while it waits.
int berth_signalfd_all(void);
int berth_signalfd_read(int fd);
int berth_mkfifo(const char *path, unsigned int mode);
int berth_wait_status(pid_t pid, int options, int *status);
int berth_exit_code(int status);

// berth-shim: its event loop takes SIGCHLD through a signalfd and ignores SIGPIPE (a vanished
// client or FIFO reader must not kill it). Returns the signalfd.
int berth_shim_signalfd(void);
// posix_spawn (vfork-like: cheap in a small daemon) with the given stdio, every signal back to its
// default and an empty mask, so the shim's blocked SIGCHLD and ignored SIGPIPE never reach the
// runtime or the container. Returns the pid, or -1 with errno set.
pid_t berth_spawn_stdio(const char *path, char *const argv[], char *const envp[], int in, int out, int err);
// cgroup v1 OOM notification: an eventfd registered through cgroup.event_control for the
// memory.oom_control of `memory_dir`. Returns the eventfd or -1.
int berth_oom_eventfd_v1(const char *memory_dir);
// An inotify fd watching `path` for IN_MODIFY (cgroup v2 memory.events). Returns the fd or -1.
int berth_inotify_modify(const char *path);
// Reads and discards whatever is pending on a non-blocking fd (eventfd counter, inotify events).
int berth_drain_fd(int fd);
// Returns freed heap pages to the kernel (an idle shim should hold only what it uses).
int berth_malloc_trim(void);
// Bytes waiting to be read in a pipe or FIFO (FIONREAD), or -1.
int berth_pipe_unread(int fd);

// A pipe whose ends are close-on-exec from birth (pipe2 needs _GNU_SOURCE, which Swift doesn't set).
int berth_pipe_cloexec(int fds[2]);
// posix_spawn_file_actions_addclosefrom_np: the spawned child closes every fd >= lowfd.
int berth_spawn_actions_closefrom(void *actions, int lowfd);

// Network namespaces, each on a throwaway pthread that is joined (berthd is threaded; only that
// thread ever changes namespace). Both return -errno on failure.
// A new netns pinned by bind-mounting the thread's /proc/thread-self/ns/net onto `path` (an existing file).
int berth_netns_create(const char *path);
// socket(domain, type, protocol) created inside the netns open at nsfd; the fd, or -errno.
int berth_socket_in_netns(int nsfd, int domain, int type, int protocol);

#endif
