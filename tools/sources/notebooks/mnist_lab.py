# %% [markdown]
# # The MNIST lab <a id="mnist-lab"></a>
#
# MNIST is a collection of 70,000 small grey pictures of handwritten digits, each 28 by 28 pixels, with the digit it shows as its label. For decades it has been the first real data set that people try a new idea on: big enough to be interesting, small enough to train on a laptop in a minute.
#
# This page has two parts. First comes the assignment, which you should try on your own with the framework from the previous page, [Build your own framework](framework.ipynb). Then comes a worked solution that runs on this page, with every number and picture produced by the code above it. It stays folded until you open it, so that you can try the assignment first.

# %% [markdown]
# ## The assignment <a id="assignment"></a>
#
# Use the `ownframework` package (or your own version of it) to classify MNIST digits, and answer the questions below with measurements rather than guesses.
#
# 1. **Load and split the data.** Use 50,000 training images, keep 10,000 for validation, and touch the 10,000 test images only for the final numbers.
# 2. **Train perceptrons with one, two and three layers.** A one-layer network maps the 784 pixels straight to 10 classes; the deeper ones add hidden layers (for example 784-128-10 and 784-128-64-10). How much does each extra layer buy?
# 3. **Compare activation functions.** Train the same architecture with ReLU, tanh and sigmoid in the hidden layers. Which one learns fastest with plain SGD, and why?
# 4. **Watch for overfitting.** Plot the training and validation loss and accuracy after every epoch. When do the curves part, and how far?
# 5. **Plot the largest absolute weight of each layer after every epoch.** Do the weights keep growing, or do they settle?
# 6. **Look at the errors.** Compute the test accuracy, the confusion matrix and the per-class precision and recall. Which digits are confused with which, and can you see why when you look at the images?
#
# A good starting point is the configuration of a student project that this course grew from: layers 784-128-64-10, ReLU in the hidden layers, softmax at the output, cross-entropy loss, Xavier initialisation, plain SGD with learning rate 0.01, minibatches of 64 images and 15 epochs. That project reported a test accuracy of 97.2 to 97.9 %. Part of your job is to find out what this configuration really reaches, and then to beat it without changing the shape of the network.
#
# Take your time with the assignment before you open the worked solution below.

# %% [markdown] tags=["worked-solution"]
# ## Worked solution <a id="worked-solution"></a>
#
# The solution below runs every time this site is built, so it has to be quick: the whole page executes in well under a minute on a small two-core machine. The two main trainings, the student configuration and our best configuration, use the full training set and all 15 epochs. The comparisons of depth and of activation functions are cut down: they train on the first 10,000 images for 5 epochs, which is enough to see the differences but not to reach final accuracies. The package's command line runs the full-size experiments (all 50,000 images, 15 epochs each), which takes a few minutes:
#
# ```bash
# ownframework experiments
# ```
#
# The first cell imports what we need. As on the framework page, it keeps NumPy's matrix library on a single thread, which avoids threads waiting for each other on a small, busy machine, and it defines `show`, which lets Jupyter draw each figure once below its cell.

# %% tags=["worked-solution"]
import os

# Small matrices: one BLAS thread beats several that wait for each other.
os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")

# %matplotlib inline
import matplotlib.pyplot as plt
import numpy as np

from ownframework import plots
from ownframework.activations import Softmax, activation
from ownframework.data.mnist import load_mnist, split_validation
from ownframework.layers import Linear
from ownframework.losses import CrossEntropy
from ownframework.metrics import (
    accuracy,
    classification_report,
    confusion_matrix,
)
from ownframework.network import Net
from ownframework.optimizers import SGD
from ownframework.schedules import CosineLR
from ownframework.training import fit

np.set_printoptions(linewidth=120)


def show(fig):
    """Let Jupyter draw the figure once, below the cell."""
    plt.close(fig)
    return fig

# %% [markdown] tags=["worked-solution"]
# ### Loading MNIST <a id="loading-mnist"></a>
#
# `load_mnist()` reads the four original MNIST files in the IDX format: a short header with the array's dimensions, followed by raw bytes. It looks for them in the folder named by the environment variable `OWNFRAMEWORK_MNIST_DIR` if that is set, and otherwise in a cache folder in your home directory, where it downloads them the first time (about 11 MB). Either way it computes the SHA-256 checksum of every file and compares it with the published value, so a truncated download or a different file is refused with a message that names the file. Nothing is loaded with `pickle`, which could run arbitrary code hidden in a data file.
#
# The pixels come back as `float32` values between 0 and 1, one flattened image of $28 \times 28 = 784$ values per row. We keep the last 10,000 training images aside for validation.

# %% [markdown] tags=["worked-solution"]
# ```python
# --8<-- "ownframework/data/mnist.py:load-mnist"
# ```

# %% tags=["worked-solution"]
mnist = load_mnist()
X_train, y_train, X_val, y_val = split_validation(
    mnist.X_train, mnist.y_train, n_val=10_000
)
X_test, y_test = mnist.X_test, mnist.y_test

splits = {"train": (X_train, y_train), "validation": (X_val, y_val),
          "test": (X_test, y_test)}
for name, (X, y) in splits.items():
    print(f"{name:10s} X {X.shape} {X.dtype}  y {y.shape}  "
          f"pixels {X.min():.0f}..{X.max():.0f}")
print("images per digit in the training set:", np.bincount(y_train))

# %% [markdown] tags=["worked-solution"]
# The ten digits are roughly balanced, so accuracy is a fair first measure.
#
# ### The student configuration <a id="student-configuration"></a>
#
# We rebuild the student's network exactly as described: 784-128-64-10 with ReLU and softmax, Xavier initialisation, plain SGD with learning rate 0.01, batches of 64, 15 epochs. The helper `mlp` builds a perceptron from a list of layer sizes, so we can reuse it for the comparisons later.

# %% tags=["worked-solution"]
def mlp(sizes, act="relu", init="xavier", seed=0):
    """A perceptron with the given layer sizes, e.g. [784, 128, 64, 10]."""
    net = Net()
    for i, (n_in, n_out) in enumerate(zip(sizes[:-1], sizes[1:])):
        net.add(Linear(n_in, n_out, init=init, seed=seed + i))
        if i < len(sizes) - 2:
            net.add(activation(act))
    return net.add(Softmax())


def test_accuracy(net):
    net.eval()
    return accuracy(net.forward(X_test), y_test)


student = mlp([784, 128, 64, 10])
print(student)
student_history = fit(
    student, X_train, y_train,
    loss=CrossEntropy(), optimizer=SGD(lr=0.01), epochs=15, batch_size=64,
    X_val=X_val, y_val=y_val, seed=0, progress=False,
)
student_test = test_accuracy(student)
print(f"validation accuracy {student_history.val_acc[-1]:.2%}")
print(f"test accuracy       {student_test:.2%}")
print(f"seconds per epoch here: {np.mean(student_history.seconds):.2f}")

# %% [markdown] tags=["worked-solution"]
# This is the honest number for the student's configuration, measured on the real test set. It is below the 97.2 to 97.9 % that the project reported: with plain SGD, a learning rate of 0.01 and 15 epochs, the network simply has not finished learning yet. The curves below show it: both losses are still falling at the last epoch.

# %% tags=["figure", "worked-solution"]
show(plots.training_curves(student_history))

# %% [markdown] tags=["worked-solution"]
# ### Watching for overfitting <a id="watching-overfitting"></a>
#
# Overfitting shows up as a gap between the training and validation curves that keeps widening. The numbers from the history:

# %% tags=["worked-solution"]
h = student_history
print("epoch  train loss  val loss  train acc  val acc")
for i in (0, 4, 9, 14):
    print(f"{h.epoch[i]:5d}  {h.train_loss[i]:10.4f}  {h.val_loss[i]:8.4f}"
          f"  {h.train_acc[i]:9.2%}  {h.val_acc[i]:7.2%}")
gap = (h.train_acc[-1] - h.val_acc[-1]) * 100
print(f"training minus validation accuracy: {gap:+.2f} percentage points")

# %% [markdown] tags=["worked-solution"]
# The two curves stay close together, and after 15 epochs the gap is a fraction of a percentage point. (`fit` measures the training accuracy while the epoch runs and the weights are still improving, so it can even come out slightly below the validation accuracy.) A network that has not yet fitted its training data well has not started memorising it either. Overfitting on MNIST shows up with faster training, longer training or bigger networks, as in the best configuration further down.
#
# ### The largest weight per epoch <a id="max-weight"></a>
#
# `fit` records the largest absolute weight of every linear layer after each epoch. It is a cheap health check: weights that grow without bound point to a learning rate that is too high or to a network that is starting to rely on a few extreme values, which is one face of overfitting.

# %% tags=["figure", "worked-solution"]
show(plots.max_weights(student_history))

# %% tags=["worked-solution"]
for layer, values in student_history.max_abs_weight.items():
    print(f"layer {layer}: max |w| {values[0]:.3f} after epoch 1, "
          f"{values[-1]:.3f} after epoch 15")

# %% [markdown] tags=["worked-solution"]
# With this small learning rate the weights grow slowly, by tens of percent over the whole run, and the curves flatten out towards the end. Keep this plot in mind when you try larger learning rates yourself; the best configuration below is one example.
#
# ### One, two or three layers <a id="depth-comparison"></a>
#
# For the comparisons we train on the first 10,000 training images for 5 epochs and measure on the full validation set. To keep the comparison about depth rather than about optimisation speed, every network here uses SGD with momentum 0.9, which converges much faster than the plain SGD above. The one-layer network is a linear classifier followed by softmax: each class gets one template of 784 weights.

# %% tags=["worked-solution"]
X_small, y_small = X_train[:10_000], y_train[:10_000]


def quick_run(sizes, act="relu", seed=0):
    net = mlp(sizes, act=act, seed=seed)
    history = fit(
        net, X_small, y_small,
        loss=CrossEntropy(), optimizer=SGD(lr=0.01, momentum=0.9),
        epochs=5, batch_size=64, X_val=X_val, y_val=y_val,
        seed=seed, progress=False,
    )
    return history


depths = {
    "784-10": [784, 10],
    "784-128-10": [784, 128, 10],
    "784-128-64-10": [784, 128, 64, 10],
}
depth_histories = {name: quick_run(sizes) for name, sizes in depths.items()}
print("layers  sizes          train acc  val acc")
for name, history in depth_histories.items():
    n_layers = len(depths[name]) - 1
    print(f"{n_layers:6d}  {name:13s}  {history.train_acc[-1]:9.2%}"
          f"  {history.val_acc[-1]:7.2%}")

# %% tags=["figure", "worked-solution"]
show(plots.compare_histories(depth_histories, metric="val_acc"))

# %% [markdown] tags=["worked-solution"]
# The step from one layer to two is the big one: a hidden layer lets the network combine strokes into parts of digits instead of matching one fixed template per class. The third layer adds less. Keep in mind that these are short runs on a fifth of the data. `ownframework experiments` repeats the comparison with all 50,000 images and 15 epochs; by default it trains with the student's plain SGD, and `ownframework experiments --optimizer momentum` uses momentum as we did here.
#
# ### ReLU, tanh or sigmoid <a id="activation-comparison"></a>
#
# Now the architecture stays at 784-128-64-10 and only the hidden activation changes. This time we use the plain SGD of the student configuration, which shows most clearly how well each activation lets the gradient through. The framework page showed tanh; here are the other two. ReLU keeps positive values and sets negative ones to zero, and sigmoid squashes every value into $(0, 1)$:

# %% [markdown] tags=["worked-solution"]
# ```python
# --8<-- "ownframework/activations.py:relu"
# ```

# %% [markdown] tags=["worked-solution"]
# ```python
# --8<-- "ownframework/activations.py:sigmoid"
# ```

# %% tags=["worked-solution"]
def plain_sgd_run(act, seed=0):
    net = mlp([784, 128, 64, 10], act=act, seed=seed)
    return fit(
        net, X_small, y_small,
        loss=CrossEntropy(), optimizer=SGD(lr=0.01),
        epochs=5, batch_size=64, X_val=X_val, y_val=y_val,
        seed=seed, progress=False,
    )


activations = ("relu", "tanh", "sigmoid")
act_histories = {act: plain_sgd_run(act) for act in activations}
print("activation  val acc  val loss per epoch")
for act, history in act_histories.items():
    losses = " ".join(f"{v:.3f}" for v in history.val_loss)
    print(f"{act:10s}  {history.val_acc[-1]:7.2%}  {losses}")

# %% tags=["figure", "worked-solution"]
show(plots.compare_histories(act_histories, metric="val_loss"))

# %% [markdown] tags=["worked-solution"]
# Sigmoid lags far behind the other two, which end up close to each other. Its derivative is at most $\sigma'(z) = \sigma(z)(1 - \sigma(z)) \le 1/4$, so every sigmoid layer shrinks the gradient that passes back through it by a factor of four or more, and its outputs are all positive, centred around 0.5 instead of 0, which makes the next layer's updates less efficient. Tanh is zero-centred and has a derivative up to 1, so it learns much faster. ReLU passes the gradient through unchanged wherever the unit is active and costs almost nothing to compute, which is why it is the usual default for hidden layers.
#
# ### A better configuration of the same shape <a id="best-configuration"></a>
#
# Can the same 784-128-64-10 network do better within 15 epochs? The shape stays, only the way we train it changes:
#
# - **He initialisation** instead of Xavier: its slightly larger starting weights suit ReLU, which sets roughly half of its inputs to zero.
# - **SGD with momentum 0.9**: the update keeps a running average of past gradients, which smooths the zig-zag of single minibatches and moves faster along directions that stay consistent.
# - **A cosine schedule** for the learning rate: start at 0.05 and glide down towards zero over the 15 epochs, so the network takes large steps early and fine ones at the end.
#
# This is also the configuration that the package's benchmark script uses as its best one.

# %% tags=["worked-solution"]
best = mlp([784, 128, 64, 10], act="relu", init="he")
best_history = fit(
    best, X_train, y_train,
    loss=CrossEntropy(), optimizer=SGD(lr=0.05, momentum=0.9),
    schedule=CosineLR(0.05, epochs=15), epochs=15, batch_size=64,
    X_val=X_val, y_val=y_val, seed=0, progress=False,
)
best_test = test_accuracy(best)
print(f"validation accuracy {best_history.val_acc[-1]:.2%}")
print(f"test accuracy       {best_test:.2%}  (student: {student_test:.2%})")
errors_before = round((1 - student_test) * len(y_test))
errors_after = round((1 - best_test) * len(y_test))
print(f"test errors: {errors_after} instead of {errors_before}")

h = best_history
lowest = int(np.argmin(h.val_loss)) + 1
print(f"final training loss {h.train_loss[-1]:.4f}, "
      f"validation loss {h.val_loss[-1]:.4f}")
print(f"lowest validation loss after epoch {lowest}")
for layer, values in h.max_abs_weight.items():
    student_w = student_history.max_abs_weight[layer][-1]
    print(f"layer {layer}: max |w| {values[-1]:.3f}, student {student_w:.3f}")

# %% tags=["figure", "worked-solution"]
show(plots.training_curves(best_history))

# %% [markdown] tags=["worked-solution"]
# Compare these curves with the student's. The training loss keeps falling towards zero, while the validation loss stops improving before the end (the cell above prints the epoch where it was lowest): this network fits its training data almost perfectly, and the distance between the two loss curves is the overfitting that the student run never reached. It does not ruin the result, though. The validation accuracy levels off instead of dropping, because the falling learning rate lets the network settle into a solution instead of bouncing around it. Its weights have also grown larger than the student's, as the last lines above show: larger steps move the weights further. Dropout or small random shifts and rotations of the training images (`ownframework.data.augment`) are the next things to try against the gap.
#
# ### Confusion matrix <a id="confusion-matrix"></a>
#
# The confusion matrix counts, for every true digit (row), how often the network predicted each digit (column). A perfect classifier has numbers only on the diagonal.

# %% tags=["worked-solution"]
best.eval()
test_probs = best.forward(X_test)
test_pred = test_probs.argmax(axis=1)
cm = confusion_matrix(y_test, test_pred, n_classes=10)
print(cm)

# %% tags=["figure", "worked-solution"]
show(plots.confusion_matrix(cm))

# %% [markdown] tags=["worked-solution"]
# ### Classification report <a id="classification-report"></a>
#
# For each digit, *precision* is the share of the network's predictions of that digit that were right, *recall* is the share of the real examples of that digit that it found, and the *F1 score* is the harmonic mean of the two.

# %% tags=["worked-solution"]
print(classification_report(y_test, test_pred))

# %% [markdown] tags=["worked-solution"]
# ### What the first layer looks at <a id="first-layer-weights"></a>
#
# Each of the 128 units in the first hidden layer has one weight per pixel, so its weights can be drawn as a 28 by 28 image. Red and blue mark positive and negative weights: the unit responds to ink where its weights are positive and is discouraged by ink where they are negative.

# %% tags=["figure", "worked-solution"]
show(plots.first_layer_weights(best, max_units=64))

# %% [markdown] tags=["worked-solution"]
# The images show only the first 64 units. They do not look like clean strokes: each unit is a mixture of pieces of several digits, and the network only makes sense of them in combination. Look at the border of each image, though. It is pure noise: those are the random starting values, never changed. The pixels near the edge are blank in practically every MNIST image, and a weight whose input is zero gets the gradient $x^\top g = 0$, so training never moves it. The structure sits in the centre, where the digits are.
#
# ### Right and wrong predictions <a id="predictions"></a>
#
# A sample of test images with the network's prediction; the wrong ones are marked.

# %% tags=["figure", "worked-solution"]
show(plots.sample_predictions(X_test, y_test, test_probs))

# %% [markdown] tags=["worked-solution"]
# ### Common confusions and why <a id="common-confusions"></a>
#
# The largest numbers off the diagonal of the confusion matrix tell us which mistakes the network makes most often. We list the most frequent pairs of (true digit, predicted digit):

# %% tags=["worked-solution"]
off_diagonal = cm - np.diag(np.diag(cm))
pairs = [(off_diagonal[t, p], t, p)
         for t in range(10) for p in range(10) if t != p]
for count, true, pred in sorted(pairs, reverse=True)[:6]:
    print(f"true {true} predicted as {pred}: {count} times")
print(f"total errors: {off_diagonal.sum()} of {len(y_test)}")

# %% [markdown] tags=["worked-solution"]
# The pairs at the top of such a list are seldom a surprise once you look at handwriting. A 4 whose top is closed looks like a 9, and a 9 drawn with an open loop looks like a 4. A 9 with a small loop and a straight stem comes close to a 7. A 3 and a 5 share the same lower half and differ only in the top stroke. A 7 with a curled foot or a crossbar can pass for a 2. The exact order and counts change from one training run to the next, but these shapes keep coming back. The network sees only pixels, one at a time, with no notion of strokes or closed loops, so two digits that put ink in almost the same places are hard for it to tell apart. This is also why convolutional networks, which look at small neighbourhoods of pixels and can detect the same stroke anywhere in the image, do much better on MNIST than any perceptron.
#
# Each of these mistakes is rare: the cell above also prints the total number of test errors, which is a small fraction of the 10,000 images.

# %% [markdown]
# ## Going further <a id="going-further"></a>
#
# The package's command line trains the same networks outside the notebook and saves the results, so you can compare your own runs with ours:
#
# ```bash
# ownframework mnist
# ownframework mnist --init he --optimizer momentum --lr 0.05 --schedule cosine --out runs/best
# ownframework experiments
# ```
#
# The first command trains the student configuration and writes the training history, the saved model, the metrics and the four pictures; the second does the same for our best configuration; the third answers the questions of the assignment with a table and plots, using all the data. Each accepts `--help`, which lists its options (hidden sizes, activation, optimizer, learning rate, epochs, data and output folders). From there, try dropout, data augmentation, batch normalisation or the Adam optimizer, and see whether you can push the same small network further without letting the gap between training and validation grow.

# %% [markdown]
# ### Try it on Fashion-MNIST <a id="fashion-mnist"></a>
#
# Fashion-MNIST, published by Zalando Research, was made as a drop-in replacement for MNIST: 70,000 grey 28 × 28 pictures of clothes, shoes and bags in ten classes (T-shirt/top, trouser, pullover, dress, coat, sandal, shirt, sneaker, bag, ankle boot), in the same four IDX files with the same names. Everything on this page works on it unchanged if you load it instead of MNIST: `fashion = load_dataset("fashion-mnist")` (from `ownframework.data`) instead of `load_mnist()`, or on the command line `ownframework mnist --dataset fashion-mnist`. The package checks the files against Fashion-MNIST's own SHA-256 checksums and keeps them in `~/.cache/ownframework/fashion-mnist`; without internet, set the environment variable `OWNFRAMEWORK_FASHION_MNIST_DIR` to a folder that holds them (on Debian and Ubuntu, `apt install dataset-fashion-mnist` puts them in `/usr/share/datasets/fashion-mnist`). `plots.class_names("fashion-mnist")` gives the class names for `plots.confusion_matrix(cm, class_names=...)`. Expect lower numbers: the student configuration reaches about 85.5 % on the Fashion-MNIST test set and our best configuration about 88.8 %, against 95.7 % and 98 % on the digits: a shirt and a T-shirt differ far less than a 1 and a 7. Other data sets in the same format, such as Kuzushiji-MNIST or one you made yourself, load with `load_dataset("mnist", folder, verify=False)` (`--skip-checksum`): the format is still checked, only the checksums are skipped.
