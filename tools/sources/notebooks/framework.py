# %% [markdown]
# # Build your own framework <a id="build-your-own-framework"></a>
#
# In the lesson we took a neural network apart on paper: layers that compute something on the way forward, a loss that says how wrong the answer is, and gradients that flow back through the chain rule. On this page we put those pieces together in code, one at a time, and watch each of them work.
#
# All the code comes from `ownframework`, a small NumPy package that was written for this course. Its source is short on purpose: every class you see below is exactly the code that the package's tests run, so you can read it, copy it, change it and check your changes with the same tests. To run this page yourself, install the package (the page [Running locally](running-locally.md) explains how) and execute the cells from top to bottom. Every random choice is seeded, so you will see the same numbers and the same pictures as here.

# %% [markdown]
# ## Setting up <a id="setting-up"></a>
#
# We need NumPy, a few parts of the package and its plotting helpers. Three small things happen before the imports and after them:
#
# - NumPy's matrix library is kept on a single thread. Our matrices are so small that extra threads spend more time waiting for each other than computing, and the setting only takes effect if it comes before NumPy is imported.
# - `%matplotlib inline` asks Jupyter to draw figures inside the notebook.
# - The plotting helpers return a Matplotlib figure. The little function `show` passes it on to Jupyter, which draws it once below the cell.
#
# We also seed NumPy's global random generator, because `train_epoch` uses it to shuffle the data; with the seed, every run repeats exactly.

# %%
import os

# Small matrices: one BLAS thread beats several that wait for each other.
os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")

# %matplotlib inline
import matplotlib.pyplot as plt
import numpy as np

from ownframework import plots
from ownframework.activations import Softmax, Tanh
from ownframework.data import toy
from ownframework.gradcheck import gradient_check
from ownframework.layers import Dropout, Linear
from ownframework.losses import MAE, MSE, CrossEntropy
from ownframework.metrics import accuracy
from ownframework.network import Net
from ownframework.optimizers import SGD, Adam
from ownframework.training import evaluate, fit, train_epoch

np.set_printoptions(precision=4, suppress=True)
np.random.seed(0)  # train_epoch shuffles with NumPy's global generator


def show(fig):
    """Let Jupyter draw the figure once, below the cell."""
    plt.close(fig)
    return fig


# %% [markdown]
# ## The layer interface <a id="layer-interface"></a>
#
# A network is a chain of layers, and every layer in the package speaks the same small language. The method `forward(x)` takes a batch of inputs and returns the layer's output. The method `backward(grad_out)` receives the gradient of the loss with respect to that output and returns the gradient with respect to the input, so that the previous layer can continue the chain. On the way it stores the gradients of its own parameters.
#
# Parameters live in the dictionary `params` and their gradients in `grads`, under the same names, for example `"W"` and `"b"`. That is all an optimizer needs to know: it walks over the layers and moves every parameter against its gradient. Layers without parameters, such as activation functions, simply have empty dictionaries. The flag `training` tells layers like dropout whether they are being trained or used for prediction, and `buffers` holds arrays that are saved with a model but not trained, such as the running averages of batch normalisation.

# %% [markdown]
# ```python
# --8<-- "ownframework/layers.py:layer"
# ```

# %% [markdown]
# ## The linear layer <a id="linear-layer"></a>
#
# The linear (fully connected) layer is where the learning happens. For a batch of $N$ inputs stored as the rows of a matrix $x$ with shape $(N, n_\text{in})$, it computes
#
# $$z = xW + b,$$
#
# where the weight matrix $W$ has shape $(n_\text{in}, n_\text{out})$ and the bias $b$ has $n_\text{out}$ entries, added to every row. Writing the batch as rows lets one matrix product handle all $N$ examples at once.
#
# On the way back the layer receives $g = \partial \mathcal{L} / \partial z$, with the same shape $(N, n_\text{out})$ as its output. The chain rule gives three gradients:
#
# $$\frac{\partial \mathcal{L}}{\partial W} = x^\top g, \qquad \frac{\partial \mathcal{L}}{\partial b} = \sum_{n=1}^{N} g_n, \qquad \frac{\partial \mathcal{L}}{\partial x} = g\,W^\top.$$
#
# A quick way to remember them is to check the shapes: $x^\top g$ is $(n_\text{in}, n_\text{out})$ like $W$, the sum over the batch has $n_\text{out}$ entries like $b$, and $g\,W^\top$ is $(N, n_\text{in})$ like $x$. The first two are kept in `grads`, the third is returned to the layer below. The forward pass remembers its input $x$, because the backward pass needs it. The very first layer of a network has no layer below it, so inside a `Net` it skips the third product (its flag `needs_input_grad` is false) and saves that work.
#
# The weights start small and random. With Xavier (Glorot) initialisation their scale depends on the number of inputs and outputs, so that signals keep roughly the same size from layer to layer; He initialisation uses a slightly larger scale that suits ReLU.

# %% [markdown]
# ```python
# --8<-- "ownframework/layers.py:linear"
# ```

# %% [markdown]
# Let us create a layer with 3 inputs and 2 outputs, push a batch of 4 examples through it and send a gradient back. The shapes printed below follow the rules above.

# %%
layer = Linear(3, 2, seed=0)
x = np.arange(12, dtype=np.float32).reshape(4, 3) / 10
z = layer.forward(x)
grad_x = layer.backward(np.ones_like(z))

print("x:", x.shape)
print("W:", layer.params["W"].shape, " b:", layer.params["b"].shape)
print("z = xW + b:", z.shape)
print("dL/dW:", layer.grads["W"].shape, " dL/db:", layer.grads["b"].shape)
print("dL/dx:", grad_x.shape)
print("dL/db equals the column sums of g:", layer.grads["b"])

# %% [markdown]
# ## Softmax <a id="softmax"></a>
#
# The last linear layer of a classifier produces one number per class, the *logits*, which can be any real values. Softmax turns them into probabilities that are positive and add up to one:
#
# $$p_k = \frac{e^{z_k}}{\sum_{j} e^{z_j}}.$$
#
# A large logit such as $z = 1000$ would overflow $e^{z}$ in floating point. Subtracting the largest logit from all of them first changes nothing in the result, because the common factor cancels between numerator and denominator, and it keeps every exponent at most $e^0 = 1$.

# %% [markdown]
# ```python
# --8<-- "ownframework/activations.py:softmax"
# ```

# %%
softmax = Softmax()
logits = np.array([[2.0, 1.0, 0.1], [1000.0, 0.0, -1000.0]], dtype=np.float32)
probs = softmax.forward(logits)
print(probs)
print("row sums:", probs.sum(axis=1))

# %% [markdown]
# The second row would have broken a naive implementation; here it simply gives probability 1 to the first class.

# %% [markdown]
# ## Cross-entropy and the gradient p − y <a id="cross-entropy"></a>
#
# To train a classifier we need a loss that is small when the network gives a high probability to the correct class. Cross-entropy takes the negative logarithm of that probability and averages it over the batch:
#
# $$\mathcal{L} = -\frac{1}{N}\sum_{n=1}^{N} \log p_{n, y_n}.$$
#
# A confident right answer ($p \approx 1$) costs almost nothing, a confident wrong one costs a lot. Its gradient has a famously simple form when we combine it with softmax. Write the label as a one-hot vector $y$ (a one at the correct class, zeros elsewhere). The derivative of softmax is $\partial p_k / \partial z_j = p_k(\delta_{kj} - p_j)$, and the derivative of the loss for one example is $\partial \mathcal{L} / \partial p_k = -y_k / p_k$. Multiplying and summing over $k$:
#
# $$\frac{\partial \mathcal{L}}{\partial z_j} = \sum_k \left(-\frac{y_k}{p_k}\right) p_k (\delta_{kj} - p_j) = -y_j + p_j \sum_k y_k = p_j - y_j.$$
#
# So the gradient with respect to the logits is just "predicted probabilities minus the one-hot label", divided by $N$ for the average over the batch. Computing it in this fused form is cheaper than going through the softmax Jacobian, and it stays accurate even when some probabilities are tiny.
#
# In the package the two classes cooperate to use this shortcut. `CrossEntropy.backward` returns $(p - y)/N$, the gradient with respect to the logits, and marks it as a `LogitsGradient` (a NumPy array with a special type). When `Softmax.backward` receives such an array, softmax has already been taken into account, so it passes the gradient on unchanged. Any other gradient goes through the full softmax Jacobian, as you can see in the softmax code above.

# %% [markdown]
# ```python
# --8<-- "ownframework/losses.py:cross-entropy"
# ```

# %%
labels = np.array([0, 2])
loss = CrossEntropy()
value = loss.forward(probs, labels)
grad = loss.backward()
one_hot = np.eye(3, dtype=np.float32)[labels]

print(f"loss = {value:.4f}")
print("gradient from the package:\n", grad)
print("(p - y) / N:\n", (probs - one_hot) / len(labels))

# %% [markdown]
# The second example is a confident mistake: all its probability sits on class 0, while the label is 2. Nearly all of the large average loss comes from it. The probability of its true class is exactly zero in float32, and $-\log 0$ would be infinite, so the package caps the cost of such a hopeless guess at about 87. Its row of the gradient is also the larger one: the network will be pushed hardest where it is most wrong.

# %% [markdown]
# ## A first network: a straight line is enough <a id="linearly-separable"></a>
#
# Time to train something. We take 200 points in the plane that belong to two classes, and the classes can be separated by a straight line. A single linear layer followed by softmax is all we need: it is the one-layer perceptron, now with probabilities on top.
#
# The class `Net` keeps the layers in a list. Its `forward` calls each layer in turn, `backward` calls them in reverse order, and `update(lr)` takes one plain gradient-descent step on every parameter. The methods `train()` and `eval()` switch all layers between training and prediction mode.

# %% [markdown]
# ```python
# --8<-- "ownframework/network.py:net"
# ```

# %% [markdown]
# The training loop below is the one you would write yourself after the lesson: cut the data into minibatches, and for each of them run forward, compute the loss, run backward and update. The package calls it `train_epoch`; we will look at its code near the end of the page.

# %%
X_lin, y_lin = toy.make_linear(200, seed=1)
linear_net = Net().add(Linear(2, 2, seed=1)).add(Softmax())
print(linear_net)

loss = CrossEntropy()
for epoch in range(1, 21):
    epoch_loss = train_epoch(linear_net, X_lin, y_lin, loss, 16, lr=0.5)
    if epoch % 5 == 0:
        acc = accuracy(linear_net.forward(X_lin), y_lin)
        print(f"epoch {epoch:2d}  loss {epoch_loss:.4f}  accuracy {acc:.1%}")

# %% [markdown]
# The decision boundary is the line where the two probabilities are equal. The plot colours every point of the plane by the class the network would choose there, and shows the training points on top.

# %% tags=["figure"]
show(plots.decision_boundary(linear_net, X_lin, y_lin))

# %% [markdown]
# ## Going deeper: tanh and curved boundaries <a id="multi-layer"></a>
#
# Now the two classes are interlocking half-moons. No straight line separates them, so the same one-layer network can only find the least bad line. Let us see how far it gets.

# %%
X_moons, y_moons = toy.make_moons(300, noise=0.1, seed=2)

flat_net = Net().add(Linear(2, 2, seed=2)).add(Softmax())
for epoch in range(100):
    train_epoch(flat_net, X_moons, y_moons, loss, batch_size=32, lr=0.5)
acc = accuracy(flat_net.forward(X_moons), y_moons)
print(f"one layer: accuracy {acc:.1%}")

# %% [markdown]
# To bend the boundary we put a hidden layer between input and output, with a non-linear activation function after it. Here we use the hyperbolic tangent, which squashes every value into $(-1, 1)$:
#
# $$\tanh(z) = \frac{e^{z} - e^{-z}}{e^{z} + e^{-z}}, \qquad \frac{d}{dz}\tanh(z) = 1 - \tanh^2(z).$$
#
# The derivative can be computed from the output alone, so the layer remembers its output from the forward pass and multiplies the incoming gradient by $1 - \tanh^2$ on the way back. Without such a non-linearity, two linear layers in a row would collapse into one linear layer, and nothing would be gained.

# %% [markdown]
# ```python
# --8<-- "ownframework/activations.py:tanh"
# ```

# %%
deep_net = (
    Net()
    .add(Linear(2, 16, seed=2))
    .add(Tanh())
    .add(Linear(16, 2, seed=3))
    .add(Softmax())
)
for epoch in range(100):
    train_epoch(deep_net, X_moons, y_moons, loss, batch_size=32, lr=0.5)
print(deep_net)
acc = accuracy(deep_net.forward(X_moons), y_moons)
print(f"two layers with tanh: accuracy {acc:.1%}")

# %% [markdown]
# Here are the two boundaries: first the straight line of the single layer, then the curve of the two-layer network.

# %% tags=["figure"]
show(plots.decision_boundary(flat_net, X_moons, y_moons))

# %% tags=["figure"]
show(plots.decision_boundary(deep_net, X_moons, y_moons))

# %% [markdown]
# Each of the 16 hidden units draws its own soft straight line through the plane; the output layer mixes these 16 half-planes into one curved boundary. More hidden units allow more bends.

# %% [markdown]
# ## More than two classes <a id="multi-class"></a>
#
# Nothing in our code assumes two classes: softmax works for any number of outputs, and cross-entropy picks the probability of whichever class is correct. Three spiral arms winding around each other make a harder problem, so we give the network two hidden layers.

# %%
X_spiral, y_spiral = toy.make_spirals(450, n_classes=3, noise=0.2, seed=3)

spiral_net = (
    Net()
    .add(Linear(2, 32, seed=4))
    .add(Tanh())
    .add(Linear(32, 32, seed=5))
    .add(Tanh())
    .add(Linear(32, 3, seed=6))
    .add(Softmax())
)
for epoch in range(1, 201):
    epoch_loss = train_epoch(spiral_net, X_spiral, y_spiral, loss, 32, lr=0.3)
    if epoch % 50 == 0:
        acc = accuracy(spiral_net.forward(X_spiral), y_spiral)
        print(f"epoch {epoch:3d}  loss {epoch_loss:.4f}  accuracy {acc:.1%}")

# %% tags=["figure"]
show(plots.decision_boundary(spiral_net, X_spiral, y_spiral))

# %% [markdown]
# ## Regression: MSE versus MAE <a id="regression"></a>
#
# A network can also predict a number instead of a class. We drop softmax, let the last linear layer output a single value, and measure the error with a regression loss. The two classic choices from the lesson are the mean squared error and the mean absolute error:
#
# $$\text{MSE} = \frac{1}{N}\sum_{n=1}^{N} (f(x_n) - y_n)^2, \qquad \text{MAE} = \frac{1}{N}\sum_{n=1}^{N} |f(x_n) - y_n|.$$
#
# Their gradients with respect to a prediction are $\frac{2}{N}(f(x_n) - y_n)$ and $\frac{1}{N}\operatorname{sign}(f(x_n) - y_n)$. The difference matters when some targets are far off. With MSE a point that misses by 2 pulls twice as hard as one that misses by 1, so a few wild points can drag the whole curve towards them. With MAE every point pulls with the same strength, whatever its distance; that is why MAE is called robust to outliers.

# %% [markdown]
# ```python
# --8<-- "ownframework/losses.py:mse"
# ```

# %% [markdown]
# ```python
# --8<-- "ownframework/losses.py:mae"
# ```

# %% [markdown]
# Our data are noisy samples of the curve $\sin(\pi x)$. We make two versions of the same 100 points: a clean one, and one in which every tenth point has been moved up or down by 2. On each version we train the same small network twice, once with each loss, and measure how far the fitted curve stays from the true curve $\sin(\pi x)$, which the networks never see.

# %%
X_clean, y_clean = toy.make_regression_1d(100, noise=0.1, seed=4)
X_reg, y_reg = toy.make_regression_1d(100, noise=0.1, outliers=0.1, seed=4)


def train_regression(X, y, loss_fn, epochs=300):
    net = Net().add(Linear(1, 32, seed=5)).add(Tanh())
    net.add(Linear(32, 1, seed=6))
    for epoch in range(epochs):
        train_epoch(net, X, y, loss_fn, batch_size=20, lr=0.05)
    return net


datasets = {"clean data": (X_clean, y_clean), "with outliers": (X_reg, y_reg)}
fits = {}
for data_name, (X, y) in datasets.items():
    for loss_name, loss_fn in [("MSE", MSE()), ("MAE", MAE())]:
        net = train_regression(X, y, loss_fn)
        distance = np.abs(net.forward(X) - np.sin(np.pi * X)).mean()
        print(f"{data_name:13s} {loss_name}: mean distance {distance:.3f}")
        if data_name == "with outliers":
            fits[loss_name] = net

# %% tags=["figure"]
show(plots.regression_fit(X_reg, y_reg, fits))

# %% [markdown]
# The plot shows the two networks trained on the data with outliers. The MAE curve follows the bulk of the points and mostly ignores the outliers, while the MSE curve is pulled away from the bulk towards them and comes out too flat. The printed distances say the same with numbers: on the clean data the two losses end up close to each other, and with outliers MSE drifts much further from the true curve than MAE. MSE is still the more common default for clean data, because its gradient shrinks smoothly as the error goes to zero, while the gradient of MAE keeps the same size right up to the target.

# %% [markdown]
# ## Overfitting <a id="overfitting"></a>
#
# A network with many parameters can learn its training data by heart, noise included. It then looks excellent on the data it was trained on and worse on new data. To see this happen we take only 60 noisy moon points, give 10 % of them the wrong label on purpose, and train a network that is far too large for them (two hidden layers of 64 units, about 4,400 parameters) for 200 epochs. A separate validation set of 500 points from the same distribution, with correct labels, tells us how well the network does on data it has never seen.
#
# From here on we use `fit`, the package's full training function, because it records the loss and accuracy on both sets after every epoch. We also switch the optimizer to Adam, which adapts the step size of every weight on its own: it lets the large network fit the training points quickly, which is exactly what we want to watch here.

# %%
X_small, y_small = toy.make_moons(60, noise=0.25, seed=14)
y_small = toy.add_label_noise(y_small, 0.1, seed=14)
X_val, y_val = toy.make_moons(500, noise=0.25, seed=11)


def moons_net(hidden, dropout=0.0, seed=12):
    """Two hidden tanh layers of this width, optionally with dropout."""
    net = Net().add(Linear(2, hidden, seed=seed)).add(Tanh())
    if dropout:
        net.add(Dropout(dropout, seed=seed))
    net.add(Linear(hidden, hidden, seed=seed + 1)).add(Tanh())
    if dropout:
        net.add(Dropout(dropout, seed=seed + 1))
    return net.add(Linear(hidden, 2, seed=seed + 2)).add(Softmax())


def train_moons(net, X, y, epochs=200):
    return fit(
        net, X, y,
        loss=CrossEntropy(), optimizer=Adam(lr=0.01), epochs=epochs,
        batch_size=20, X_val=X_val, y_val=y_val, seed=0, progress=False,
    )


big_net = moons_net(64)
big_history = train_moons(big_net, X_small, y_small)
train_loss, train_acc = evaluate(big_net, X_small, y_small, CrossEntropy())
val_acc = big_history.val_acc[-1]
print(f"training accuracy {train_acc:.1%}, validation accuracy {val_acc:.1%}")

# %% tags=["figure"]
show(plots.training_curves(big_history))

# %% tags=["figure"]
show(plots.decision_boundary(big_net, X_small, y_small))

# %% [markdown]
# The gap between the two accuracies printed above is overfitting in a single number, and the curves show how it grows. The training loss keeps going down, because the network fits the 60 points ever more closely, including the six whose labels are wrong. The validation loss reaches its lowest point long before the end and then climbs: what the network learns after that is specific to these 60 points and does not carry over to new ones. The decision boundary shows the same thing in the plane, as bulges and islands drawn around single points.
#
# ### What helps <a id="what-helps"></a>
#
# There are several standard remedies, and we can try each of them on the same problem:
#
# - **More data.** With more points the noise averages out, and the network can no longer afford an island for every one of them. We train the same large network on 300 points instead of 60.
# - **A smaller network.** Fewer parameters leave less room to memorise. We try 4 hidden units per layer instead of 64.
# - **Early stopping.** Stop training at the epoch where the validation loss was lowest instead of at the last one. Because every run here is seeded, training the large network again and stopping at that epoch gives exactly the weights it had then.
# - **Dropout.** During training, each hidden unit is switched off at random with probability $p$, and the others are scaled up by $1/(1-p)$ so that the expected output stays the same. The network can no longer rely on any single unit. At prediction time dropout does nothing.

# %% [markdown]
# ```python
# --8<-- "ownframework/layers.py:dropout"
# ```

# %% [markdown]
# The cell below trains each variant and measures all of them the same way: accuracy on their own training points, and accuracy and loss on the common validation set, all in evaluation mode (dropout switched off).

# %%
X_more, y_more = toy.make_moons(300, noise=0.25, seed=24)
y_more = toy.add_label_noise(y_more, 0.1, seed=24)
best_epoch = int(np.argmin(big_history.val_loss)) + 1  # epochs count from 1

variants = {  # name: (network, training points, labels, epochs)
    "large network, 60 points": (big_net, X_small, y_small, 200),
    "more data: 300 points": (moons_net(64), X_more, y_more, 200),
    "smaller network: 4 units": (moons_net(4), X_small, y_small, 200),
    f"early stopping: epoch {best_epoch}": (moons_net(64), X_small, y_small,
                                            best_epoch),
    "dropout, p = 0.5": (moons_net(64, dropout=0.5), X_small, y_small, 200),
}
print(f"{'':28s} {'train acc':>9s} {'val acc':>8s} {'val loss':>9s}")
for name, (net, X, y, epochs) in variants.items():
    if net is not big_net:  # the large network is trained already
        train_moons(net, X, y, epochs)
    _, train_acc = evaluate(net, X, y, CrossEntropy())
    val_loss, val_acc = evaluate(net, X_val, y_val, CrossEntropy())
    print(f"{name:28s} {train_acc:9.1%} {val_acc:8.1%} {val_loss:9.3f}")

# %% [markdown]
# Compare each row with the first. The large network trained on 60 points fits its own training points best and does worst on the validation set. Each remedy gives up some of that perfect fit to the training points, and in exchange does better on the points it has never seen. That trade is the essence of *regularisation*. Notice also how clearly the validation loss reacts: an overfitted network is not only wrong more often, it is confidently wrong, and cross-entropy punishes confident mistakes hard. Which remedy helps most depends on the problem; in practice they are combined, and collecting more data, when it is possible at all, is usually the most reliable of them.

# %% [markdown]
# ## Gradient check <a id="gradient-check"></a>
#
# How do we know that all these `backward` methods are right? A bug in a gradient rarely crashes anything: the network just learns worse, and that is hard to notice. The remedy is to compare each analytic gradient with a numerical estimate. For a single parameter $\theta$ the central difference
#
# $$\frac{\partial \mathcal{L}}{\partial \theta} \approx \frac{\mathcal{L}(\theta + \varepsilon) - \mathcal{L}(\theta - \varepsilon)}{2\varepsilon}$$
#
# has an error proportional to $\varepsilon^2$. The check runs in double precision (float64), because with float32 the rounding errors in the two losses would swamp the small difference between them. It nudges every entry of every parameter (and of the input) one at a time, so it is slow and only meant for small networks; it compares the two gradients with a relative error, and values around $10^{-7}$ or smaller mean that the analytic gradient is right.

# %% [markdown]
# ```python
# --8<-- "ownframework/gradcheck.py:gradient-check"
# ```

# %%
check_net = (
    Net()
    .add(Linear(4, 5, seed=7))
    .add(Tanh())
    .add(Linear(5, 3, seed=8))
    .add(Softmax())
)
rng = np.random.default_rng(7)
x_check = rng.standard_normal((6, 4))
y_check = rng.integers(0, 3, size=6)
report = gradient_check(check_net, CrossEntropy(), x_check, y_check)
print(report)

# %% [markdown]
# Try breaking a gradient on purpose, for example by leaving out the division by the batch size in `CrossEntropy.backward`, and run the check again: the relative error jumps from the tiny values above to something of the order of one.

# %% [markdown]
# ## From train_epoch to fit <a id="train-epoch-vs-fit"></a>
#
# Here is `train_epoch`, the loop we have used for most of this page. It is deliberately plain: walk through the data in minibatches, forward, loss, backward, update.

# %% [markdown]
# ```python
# --8<-- "ownframework/training.py:train-epoch"
# ```

# %% [markdown]
# It works, but a real training run needs more. `fit` wraps the same four steps and adds what we otherwise write again for every project: it shuffles the data every epoch (with a seed, so runs repeat exactly), hands the update to an optimizer such as SGD with momentum or Adam instead of the fixed step of `update(lr)`, can change the learning rate over time with a schedule, switches dropout off while it measures the validation set, records a history of loss, accuracy, the largest weight of every layer and the time per epoch, and stops with a clear error if the loss becomes NaN instead of silently producing garbage.

# %% [markdown]
# ```python
# --8<-- "ownframework/training.py:fit"
# ```

# %% [markdown]
# To finish, the spiral problem once more, trained with `fit` and SGD with momentum, and with a separate validation set of 300 new spiral points. The history holds one entry per epoch. With `progress=True`, `fit` prints one line like the one below after every epoch; here we switch that off and print only the last epoch.

# %%
spiral_net2 = (
    Net()
    .add(Linear(2, 32, seed=4))
    .add(Tanh())
    .add(Linear(32, 32, seed=5))
    .add(Tanh())
    .add(Linear(32, 3, seed=6))
    .add(Softmax())
)
X_spiral_val, y_spiral_val = toy.make_spirals(300, 3, noise=0.2, seed=30)
history = fit(
    spiral_net2, X_spiral, y_spiral,
    loss=CrossEntropy(), optimizer=SGD(lr=0.05, momentum=0.9),
    epochs=100, batch_size=32,
    X_val=X_spiral_val, y_val=y_spiral_val, seed=0, progress=False,
)
print(history.line())

# %% [markdown]
# ## Try it yourself <a id="exercises"></a>
#
# Five short exercises, each a function to complete in the code cell below its text. On this site you can do them right here: edit the cell, run it to define your function, and press **Check**. The checks run in your browser and compare your function with the package's own layers, loss and optimizer, or with a numerical gradient; if one fails, you see which case failed, what was expected and what your code gave. Your code and the exercises you solved are kept in this browser. If you are stuck, open **Show solution**. In the downloaded notebook the solution simply follows each exercise.

# %% [markdown]
# ### Exercise 1: ReLU's backward pass <a id="exercise-relu"></a>
#
# ReLU lets a value through where it is positive and blocks it elsewhere, so its slope is 1 where $x > 0$ and 0 where $x \le 0$. Complete `relu_backward(x, grad_out)` so that it returns $\partial \mathcal{L} / \partial x$: the incoming gradient `grad_out` where `x` is positive and 0 everywhere else (at exactly 0, too, as in the package).

# %% tags=["exercise-relu_backward"]
def relu_backward(x, grad_out):
    raise NotImplementedError


# %% tags=["solution-relu_backward"]
def relu_backward(x, grad_out):
    return grad_out * (x > 0)


# %% [markdown]
# ### Exercise 2: a numerically stable softmax <a id="exercise-softmax"></a>
#
# `np.exp(1000)` overflows to infinity, and infinity divided by infinity is NaN. Complete `stable_softmax(z)` for a batch of scores `z` of shape $(N, C)$: subtract each row's maximum before taking `np.exp`, then divide every row by its sum. The probabilities stay exactly the same; only the overflow goes away. The checks include scores as large as 1000.

# %% tags=["exercise-stable_softmax"]
def stable_softmax(z):
    raise NotImplementedError


# %% tags=["solution-stable_softmax"]
def stable_softmax(z):
    e = np.exp(z - z.max(axis=1, keepdims=True))
    return e / e.sum(axis=1, keepdims=True)


# %% [markdown]
# ### Exercise 3: the cross-entropy gradient <a id="exercise-cross-entropy"></a>
#
# For softmax probabilities `probs` of shape $(N, C)$ and integer labels `labels` of shape $(N,)$, the gradient of the mean cross-entropy with respect to the logits is $(p - y) / N$, where $y$ holds the labels one-hot encoded. Complete `cross_entropy_grad(probs, labels)`. A hint: copy `probs`, subtract 1 at each row's true class (index the rows with `np.arange(N)` and the columns with `labels`), then divide by $N$.

# %% tags=["exercise-cross_entropy_grad"]
def cross_entropy_grad(probs, labels):
    raise NotImplementedError


# %% tags=["solution-cross_entropy_grad"]
def cross_entropy_grad(probs, labels):
    grad = probs.copy()
    grad[np.arange(len(labels)), labels] -= 1
    return grad / len(labels)


# %% [markdown]
# ### Exercise 4: the linear layer's backward pass <a id="exercise-linear"></a>
#
# Complete `linear_backward(x, W, grad_out)` so that it returns the tuple `(dW, db, dx)`: the three gradients of the linear layer from the beginning of this page, $x^\top g$, the sum of $g$ over the batch, and $g\,W^\top$, where $g$ is `grad_out`. The checks compare each of them with the package's `Linear.backward`.

# %% tags=["exercise-linear_backward"]
def linear_backward(x, W, grad_out):
    raise NotImplementedError


# %% tags=["solution-linear_backward"]
def linear_backward(x, W, grad_out):
    return x.T @ grad_out, grad_out.sum(axis=0), grad_out @ W.T


# %% [markdown]
# ### Exercise 5: one step of SGD with momentum <a id="exercise-momentum"></a>
#
# SGD with momentum keeps a velocity $v$ for every parameter. One step with learning rate $\eta$ and momentum $\mu$ first updates the velocity, $v \leftarrow \mu v + g$, and then the parameter, $w \leftarrow w - \eta v$. Complete `momentum_step(w, grad, v, lr, momentum)` so that it returns the new pair `(w, v)`. The checks take three steps and compare them with the package's `SGD`.

# %% tags=["exercise-momentum_step"]
def momentum_step(w, grad, v, lr, momentum):
    raise NotImplementedError


# %% tags=["solution-momentum_step"]
def momentum_step(w, grad, v, lr, momentum):
    v = momentum * v + grad
    return w - lr * v, v

# %% [markdown]
# ## What comes next <a id="what-comes-next"></a>
#
# You now have every piece of a working framework: layers with one interface, activations, losses with their gradients, a network that chains them, training loops, and a way to prove that the gradients are right. In the [MNIST lab](mnist-lab.ipynb) we use the same package on a real data set of handwritten digits, compare networks of different depth and with different activation functions, and look closely at what the trained network gets right and wrong.
