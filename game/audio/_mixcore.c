/* The stream's mix in C, so that SDL's audio thread never waits for Python's GIL.
 *
 * `Core` holds what `stream.StreamMix` mixes: the backing, the drums stem with its ramping
 * level, the scheduled hit sounds, the gains and the master limiter (the same rules as
 * limiter.MasterLimiter). `postmix` is a plain C audio callback (SDL_mixer's post-mix hook and
 * SDL's device callback share its signature) that renders the next buffer into SDL's memory
 * without touching a Python object: each callback leaves the clock's anchor (start sample,
 * frames, when it arrived) and a record (arrived, done, frames) for Python to read later.
 *
 * Threads: Python calls the methods with the GIL held; the audio thread only takes `lock`
 * (held for one render, tens of microseconds). Every buffer Python hands in (the backing, the
 * drums, each hit sound) stays exported until it is no longer mixed, so its memory cannot go.
 */
#define PY_SSIZE_T_CLEAN
#include <Python.h>

#include <math.h>
#include <stdint.h>
#include <string.h>

#ifdef _WIN32
#include <windows.h>
typedef SRWLOCK core_lock;
#define LOCK_INIT(l) InitializeSRWLock(l)
#define LOCK(l) AcquireSRWLockExclusive(l)
#define UNLOCK(l) ReleaseSRWLockExclusive(l)
#define LOCK_FREE(l) ((void)0)
#else
#include <pthread.h>
#include <time.h>
typedef pthread_mutex_t core_lock;
#define LOCK_INIT(l) pthread_mutex_init(l, NULL)
#define LOCK(l) pthread_mutex_lock(l)
#define UNLOCK(l) pthread_mutex_unlock(l)
#define LOCK_FREE(l) pthread_mutex_destroy(l)
#endif

#if defined(_MSC_VER)
/* MSVC: volatile accesses are acquire/release on x86 and ARM64 with /volatile:ms; add fences */
#define LOAD_ACQUIRE(p) (MemoryBarrier(), *(p))
#define STORE_RELEASE(p, v) (MemoryBarrier(), *(p) = (v), MemoryBarrier())
#define FENCE() MemoryBarrier()
#else
#define LOAD_ACQUIRE(p) __atomic_load_n((p), __ATOMIC_ACQUIRE)
#define STORE_RELEASE(p, v) __atomic_store_n((p), (v), __ATOMIC_RELEASE)
#define FENCE() __atomic_thread_fence(__ATOMIC_SEQ_CST)
#endif

#define MAX_VOICES 256
#define RING 8192 /* callback records kept for Python: 44 s of 256-frame buffers */
#define THRESHOLD_DBFS (-1.5)
#define CEILING_DBFS (-0.3)

static double monotonic_s(void) {
#ifdef _WIN32
    LARGE_INTEGER f, c;
    QueryPerformanceFrequency(&f);
    QueryPerformanceCounter(&c);
    return (double)c.QuadPart / (double)f.QuadPart;
#else
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + ts.tv_nsec * 1e-9;
#endif
}

typedef struct {
    const float *data; /* stereo frames */
    int64_t frames;
    int64_t start; /* the stream sample of its first frame */
    int active;    /* read and cleared by the audio thread under the lock */
} Voice;

typedef struct {
    double arrived, done;
    int32_t frames;
    int32_t paused;
} Record;

typedef struct {
    PyObject_HEAD
    core_lock lock;
    int rate;
    Py_buffer backing, drums;
    int has_drums;
    int64_t backing_frames, drums_frames, lead_in;
    float backing_gain, drums_gain, hits_gain;
    double drums_level, drums_target, ramp_step;
    int64_t position;
    Voice voices[MAX_VOICES];
    Py_buffer views[MAX_VOICES];
    int held[MAX_VOICES];
    double threshold, ceiling, knee, release_db, gain_db, max_reduction_db;
    volatile int paused;
    /* the clock's anchor, under a sequence count (odd while it is written) */
    volatile uint32_t seq;
    int64_t anchor_start;
    int32_t anchor_frames;
    double anchor_stamp;
    /* callback records: written by the audio thread at head, read by Python at tail */
    Record ring[RING];
    volatile uint64_t head, tail;
    volatile uint64_t lost_by_audio; /* records dropped: the ring was full (audio thread) */
    uint64_t lost_told;              /* how many of them drain() has told */
} Core;

/* ---- the mix ------------------------------------------------------------------------------ */

static void limit(Core *c, float *out, int frames) {
    /* The peak limiter and soft knee of limiter.MasterLimiter, one sample at a time. */
    double env = c->gain_db - c->release_db; /* so the first sample's bound is gain_db */
    double applied_prev = c->gain_db < 0.0 ? c->gain_db : 0.0;
    double deepest = 0.0;
    for (int k = 0; k < frames; k++) {
        float l = out[2 * k], r = out[2 * k + 1];
        double peak = fabs((double)l) > fabs((double)r) ? fabs((double)l) : fabs((double)r);
        double need = peak > c->threshold ? 20.0 * log10(c->threshold / peak) : 0.0;
        env = env + c->release_db < need ? env + c->release_db : need;
        double clamped = env < 0.0 ? env : 0.0;
        if (-clamped > deepest) deepest = -clamped;
        double applied = applied_prev;
        applied_prev = clamped;
        double gain = applied < 0.0 ? pow(10.0, applied / 20.0) : 1.0;
        for (int ch = 0; ch < 2; ch++) {
            double x = (double)out[2 * k + ch] * gain;
            double mag = fabs(x);
            if (mag > c->threshold) {
                double bent = c->threshold + c->knee * tanh((mag - c->threshold) / c->knee);
                x = x < 0.0 ? -bent : bent;
            }
            out[2 * k + ch] = (float)x;
        }
    }
    double next = (env < 0.0 ? env : 0.0) + c->release_db;
    c->gain_db = next < 0.0 ? next : 0.0;
    if (deepest > c->max_reduction_db) c->max_reduction_db = deepest;
}

static void render_locked(Core *c, float *out, int frames) {
    /* The next `frames` frames into `out` (stereo float32), the lock held. */
    int64_t start = c->position;
    memset(out, 0, (size_t)frames * 2 * sizeof(float));
    int64_t b0 = start - c->lead_in;
    int64_t lo = b0 > 0 ? b0 : 0;
    int64_t hi = b0 + frames < c->backing_frames ? b0 + frames : c->backing_frames;
    const float *bk = (const float *)c->backing.buf;
    for (int64_t i = lo; i < hi; i++) {
        out[2 * (i - b0)] += bk[2 * i] * c->backing_gain;
        out[2 * (i - b0) + 1] += bk[2 * i + 1] * c->backing_gain;
    }
    if (c->has_drums) {
        const float *dr = (const float *)c->drums.buf;
        int64_t dhi = b0 + frames < c->drums_frames ? b0 + frames : c->drums_frames;
        double level0 = c->drums_level, target = c->drums_target, level = level0;
        for (int64_t s = 0; s < frames; s++) {
            if (level0 != target) { /* from the buffer's first level, as stream.py does */
                double step = (double)(s + 1) * c->ramp_step;
                level = target > level0 ? fmin(level0 + step, target) : fmax(level0 - step, target);
            }
            int64_t i = b0 + s;
            if (i >= lo && i < dhi && level > 0.0) {
                float g = (float)(level * c->drums_gain);
                out[2 * s] += dr[2 * i] * g;
                out[2 * s + 1] += dr[2 * i + 1] * g;
            }
        }
        c->drums_level = level;
    }
    for (int v = 0; v < MAX_VOICES; v++) {
        Voice *voice = &c->voices[v];
        if (!voice->active) continue;
        int64_t offset = voice->start - start;
        if (offset >= frames) continue;
        int64_t s0 = offset < 0 ? -offset : 0;
        int64_t d0 = offset > 0 ? offset : 0;
        int64_t n = frames - d0;
        if (voice->frames - s0 < n) n = voice->frames - s0;
        for (int64_t k = 0; k < n; k++) {
            out[2 * (d0 + k)] += voice->data[2 * (s0 + k)] * c->hits_gain;
            out[2 * (d0 + k) + 1] += voice->data[2 * (s0 + k) + 1] * c->hits_gain;
        }
        if (s0 + (n > 0 ? n : 0) >= voice->frames) voice->active = 0;
    }
    c->position = start + frames;
    limit(c, out, frames);
}

static void keep_record(Core *c, double arrived, double done, int frames, int paused) {
    uint64_t head = c->head;
    uint64_t tail = LOAD_ACQUIRE(&c->tail);
    if (head - tail >= RING) {
        c->lost_by_audio++; /* only the audio thread writes it */
        return;
    }
    Record *r = &c->ring[head % RING];
    r->arrived = arrived;
    r->done = done;
    r->frames = frames;
    r->paused = paused;
    STORE_RELEASE(&c->head, head + 1);
}

static void set_anchor(Core *c, int64_t start, int frames, double stamp) {
    uint32_t seq = c->seq;
    STORE_RELEASE(&c->seq, seq + 1);
    FENCE();
    c->anchor_start = start;
    c->anchor_frames = frames;
    c->anchor_stamp = stamp;
    STORE_RELEASE(&c->seq, seq + 2);
}

/* The audio callback: SDL_mixer's post-mix hook, or SDL's device callback (same signature). */
static void postmix(void *udata, uint8_t *stream, int len) {
    Core *c = (Core *)udata;
    double arrived = monotonic_s();
    int frames = len / (int)(2 * sizeof(float));
    if (c->paused) {
        memset(stream, 0, (size_t)len);
        keep_record(c, arrived, arrived, frames, 1);
        return;
    }
    LOCK(&c->lock);
    int64_t start = c->position;
    render_locked(c, (float *)stream, frames);
    UNLOCK(&c->lock);
    double done = monotonic_s();
    set_anchor(c, start, frames, arrived);
    keep_record(c, arrived, done, frames, 0);
}

/* ---- the Python type ---------------------------------------------------------------------- */

static int get_frames(PyObject *obj, Py_buffer *view, int64_t *frames, const char *what) {
    if (PyObject_GetBuffer(obj, view, PyBUF_C_CONTIGUOUS | PyBUF_FORMAT) < 0) return -1;
    if (view->itemsize != 4 || (view->format && strcmp(view->format, "f") != 0) ||
        view->len % 8 != 0) {
        PyBuffer_Release(view);
        PyErr_Format(PyExc_ValueError, "%s must be contiguous float32 stereo frames", what);
        return -1;
    }
    *frames = view->len / 8;
    return 0;
}

static int Core_init(Core *self, PyObject *args, PyObject *kwds) {
    static char *kwlist[] = {"rate", "backing", "lead_in", "drums", NULL};
    int rate;
    PyObject *backing, *drums = Py_None;
    long long lead_in;
    if (!PyArg_ParseTupleAndKeywords(args, kwds, "iOL|O", kwlist, &rate, &backing, &lead_in,
                                     &drums))
        return -1;
    if (rate <= 0) {
        PyErr_SetString(PyExc_ValueError, "rate must be positive");
        return -1;
    }
    if (get_frames(backing, &self->backing, &self->backing_frames, "backing") < 0) return -1;
    if (drums != Py_None) {
        if (get_frames(drums, &self->drums, &self->drums_frames, "drums") < 0) {
            PyBuffer_Release(&self->backing);
            return -1;
        }
        self->has_drums = 1;
    }
    LOCK_INIT(&self->lock);
    self->rate = rate;
    self->lead_in = lead_in;
    self->backing_gain = self->drums_gain = self->hits_gain = 1.0f;
    self->drums_level = self->drums_target = 1.0;
    double ramp_frames = round(0.010 * rate);
    self->ramp_step = 1.0 / (ramp_frames > 1.0 ? ramp_frames : 1.0);
    self->threshold = pow(10.0, THRESHOLD_DBFS / 20.0);
    self->ceiling = pow(10.0, CEILING_DBFS / 20.0);
    self->knee = self->ceiling - self->threshold;
    self->release_db = 60.0 / rate;
    return 0;
}

static void Core_dealloc(Core *self) {
    if (self->backing.obj) PyBuffer_Release(&self->backing);
    if (self->has_drums) PyBuffer_Release(&self->drums);
    for (int v = 0; v < MAX_VOICES; v++)
        if (self->held[v]) PyBuffer_Release(&self->views[v]);
    if (self->rate) LOCK_FREE(&self->lock);
    Py_TYPE(self)->tp_free((PyObject *)self);
}

static PyObject *Core_schedule(Core *self, PyObject *args) {
    /* schedule(sound, at_sample=-1) -> the stream sample it starts at (-1: at once) */
    PyObject *sound;
    long long at = -1;
    if (!PyArg_ParseTuple(args, "O|L", &sound, &at)) return NULL;
    Py_buffer view;
    int64_t frames;
    if (get_frames(sound, &view, &frames, "a hit sound") < 0) return NULL;
    Py_buffer old;
    int release_old = 0;
    LOCK(&self->lock);
    int slot = -1;
    for (int v = 0; v < MAX_VOICES; v++)
        if (!self->voices[v].active) {
            slot = v;
            break;
        }
    if (slot < 0) { /* every voice sounding: the one that started first makes room */
        slot = 0;
        for (int v = 1; v < MAX_VOICES; v++)
            if (self->voices[v].start < self->voices[slot].start) slot = v;
    }
    if (self->held[slot]) {
        old = self->views[slot];
        release_old = 1;
    }
    int64_t start = (at < 0 || at < self->position) ? self->position : at;
    self->views[slot] = view;
    self->held[slot] = 1;
    self->voices[slot].data = (const float *)view.buf;
    self->voices[slot].frames = frames;
    self->voices[slot].start = start;
    self->voices[slot].active = frames > 0;
    UNLOCK(&self->lock);
    if (release_old) PyBuffer_Release(&old);
    return PyLong_FromLongLong(start);
}

static PyObject *Core_render_into(Core *self, PyObject *arg) {
    /* render_into(buffer): the next frames, as many as the writable float32 buffer holds */
    Py_buffer view;
    if (PyObject_GetBuffer(arg, &view, PyBUF_C_CONTIGUOUS | PyBUF_WRITABLE) < 0) return NULL;
    if (view.len % 8 != 0) {
        PyBuffer_Release(&view);
        PyErr_SetString(PyExc_ValueError, "the buffer must hold whole stereo float32 frames");
        return NULL;
    }
    int64_t start;
    Py_BEGIN_ALLOW_THREADS LOCK(&self->lock);
    start = self->position;
    render_locked(self, (float *)view.buf, (int)(view.len / 8));
    UNLOCK(&self->lock);
    Py_END_ALLOW_THREADS PyBuffer_Release(&view);
    return PyLong_FromLongLong(start);
}

static PyObject *Core_set_gains(Core *self, PyObject *args) {
    /* set_gains(backing, drums, hits) */
    double b, d, h;
    if (!PyArg_ParseTuple(args, "ddd", &b, &d, &h)) return NULL;
    LOCK(&self->lock);
    self->backing_gain = (float)b;
    self->drums_gain = (float)d;
    self->hits_gain = (float)h;
    UNLOCK(&self->lock);
    Py_RETURN_NONE;
}

static PyObject *Core_set_drums_target(Core *self, PyObject *arg) {
    double level = PyFloat_AsDouble(arg);
    if (level == -1.0 && PyErr_Occurred()) return NULL;
    LOCK(&self->lock);
    self->drums_target = level;
    UNLOCK(&self->lock);
    Py_RETURN_NONE;
}

static PyObject *Core_seek(Core *self, PyObject *arg) {
    long long position = PyLong_AsLongLong(arg);
    if (position == -1 && PyErr_Occurred()) return NULL;
    if (position < 0) {
        PyErr_SetString(PyExc_ValueError, "a stream position is 0 or more");
        return NULL;
    }
    Py_BEGIN_ALLOW_THREADS LOCK(&self->lock);
    self->position = position;
    UNLOCK(&self->lock);
    Py_END_ALLOW_THREADS Py_RETURN_NONE;
}

static PyObject *Core_set_paused(Core *self, PyObject *arg) {
    int paused = PyObject_IsTrue(arg);
    if (paused < 0) return NULL;
    self->paused = paused;
    Py_RETURN_NONE;
}

static PyObject *Core_anchor(Core *self, PyObject *Py_UNUSED(ignored)) {
    /* (start sample, frames, arrived seconds) of the latest callback, or None */
    for (;;) {
        uint32_t s1 = LOAD_ACQUIRE(&self->seq);
        if (s1 & 1u) continue;
        int64_t start = self->anchor_start;
        int32_t frames = self->anchor_frames;
        double stamp = self->anchor_stamp;
        FENCE();
        if (LOAD_ACQUIRE(&self->seq) != s1) continue;
        if (s1 == 0) Py_RETURN_NONE;
        return Py_BuildValue("(Lid)", (long long)start, (int)frames, stamp);
    }
}

static PyObject *Core_drain(Core *self, PyObject *Py_UNUSED(ignored)) {
    /* ([(arrived, done, frames, paused), ...], lost): the callbacks' records since the last
       drain, and how many were dropped because nobody drained them in time */
    uint64_t head = LOAD_ACQUIRE(&self->head);
    uint64_t tail = self->tail;
    PyObject *list = PyList_New((Py_ssize_t)(head - tail));
    if (!list) return NULL;
    for (uint64_t i = tail; i < head; i++) {
        Record *r = &self->ring[i % RING];
        PyObject *item = Py_BuildValue("(ddii)", r->arrived, r->done, r->frames, r->paused);
        if (!item) {
            Py_DECREF(list);
            return NULL;
        }
        PyList_SET_ITEM(list, (Py_ssize_t)(i - tail), item);
    }
    STORE_RELEASE(&self->tail, head);
    uint64_t lost_now = LOAD_ACQUIRE(&self->lost_by_audio);
    uint64_t lost = lost_now - self->lost_told;
    self->lost_told = lost_now;
    return Py_BuildValue("(NK)", list, (unsigned long long)lost);
}

static PyObject *Core_get_position(Core *self, void *closure) {
    return PyLong_FromLongLong(self->position);
}

static PyObject *Core_get_drums_level(Core *self, void *closure) {
    return PyFloat_FromDouble(self->drums_level);
}

static PyObject *Core_get_max_reduction(Core *self, void *closure) {
    return PyFloat_FromDouble(self->max_reduction_db);
}

static PyObject *Core_get_sounding(Core *self, void *closure) {
    int n = 0;
    LOCK(&self->lock);
    for (int v = 0; v < MAX_VOICES; v++) n += self->voices[v].active != 0;
    UNLOCK(&self->lock);
    return PyLong_FromLong(n);
}

static PyObject *Core_get_address(Core *self, void *closure) {
    return PyLong_FromVoidPtr(self);
}

static PyMethodDef Core_methods[] = {
    {"schedule", (PyCFunction)Core_schedule, METH_VARARGS,
     "schedule(sound, at_sample=-1): play float32 stereo `sound` from that stream sample (or at "
     "once); returns the sample used"},
    {"render_into", (PyCFunction)Core_render_into, METH_O,
     "render_into(buffer): render the next frames into a writable float32 stereo buffer; "
     "returns their first stream sample"},
    {"set_gains", (PyCFunction)Core_set_gains, METH_VARARGS,
     "set_gains(backing, drums, hits): the gains of the music, the drums stem and the hits"},
    {"set_drums_target", (PyCFunction)Core_set_drums_target, METH_O,
     "set_drums_target(level): the drums stem ramps to `level` (0.0-1.0) over 10 ms"},
    {"seek", (PyCFunction)Core_seek, METH_O,
     "seek(position): the next frames handed out start at this stream sample"},
    {"set_paused", (PyCFunction)Core_set_paused, METH_O,
     "set_paused(flag): while paused the callback writes silence"},
    {"anchor", (PyCFunction)Core_anchor, METH_NOARGS,
     "(start sample, frames, arrived seconds on `now()`) of the latest callback, or None"},
    {"drain", (PyCFunction)Core_drain, METH_NOARGS,
     "([(arrived, done, frames, paused), ...], lost) since the last drain"},
    {NULL, NULL, 0, NULL},
};

static PyGetSetDef Core_getset[] = {
    {"position", (getter)Core_get_position, NULL, "the next stream sample to hand out", NULL},
    {"drums_level", (getter)Core_get_drums_level, NULL, "the drums stem's level now", NULL},
    {"max_reduction_db", (getter)Core_get_max_reduction, NULL,
     "the limiter's deepest gain reduction so far (dB, positive)", NULL},
    {"sounding", (getter)Core_get_sounding, NULL, "hit sounds scheduled or still sounding", NULL},
    {"address", (getter)Core_get_address, NULL,
     "the mix's address: the user data the callback is given", NULL},
    {NULL, NULL, NULL, NULL, NULL},
};

static PyTypeObject CoreType = {
    PyVarObject_HEAD_INIT(NULL, 0).tp_name = "game.audio._mixcore.Core",
    .tp_doc = "Core(rate, backing, lead_in, drums=None): the stream's mix, rendered in C",
    .tp_basicsize = sizeof(Core),
    .tp_itemsize = 0,
    .tp_flags = Py_TPFLAGS_DEFAULT,
    .tp_new = PyType_GenericNew,
    .tp_init = (initproc)Core_init,
    .tp_dealloc = (destructor)Core_dealloc,
    .tp_methods = Core_methods,
    .tp_getset = Core_getset,
};

static PyObject *mod_now(PyObject *self, PyObject *Py_UNUSED(ignored)) {
    return PyFloat_FromDouble(monotonic_s());
}

static PyObject *mod_callback_address(PyObject *self, PyObject *Py_UNUSED(ignored)) {
    return PyLong_FromVoidPtr((void *)postmix);
}

static PyMethodDef module_methods[] = {
    {"now", mod_now, METH_NOARGS, "the clock the callbacks are stamped on (seconds)"},
    {"callback_address", mod_callback_address, METH_NOARGS,
     "the address of the C audio callback: void postmix(void *core, uint8_t *buf, int bytes)"},
    {NULL, NULL, 0, NULL},
};

static struct PyModuleDef module = {
    PyModuleDef_HEAD_INIT, "_mixcore", "The stream's mix in C (see mix_core.py).", -1,
    module_methods, NULL, NULL, NULL, NULL,
};

PyMODINIT_FUNC PyInit__mixcore(void) {
    if (PyType_Ready(&CoreType) < 0) return NULL;
    PyObject *m = PyModule_Create(&module);
    if (!m) return NULL;
    Py_INCREF(&CoreType);
    if (PyModule_AddObject(m, "Core", (PyObject *)&CoreType) < 0) {
        Py_DECREF(&CoreType);
        Py_DECREF(m);
        return NULL;
    }
    return m;
}
