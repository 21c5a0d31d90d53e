"""`make bench` pieces that must hold without running the benchmark (nothing here is timed)."""

import importlib

import pytest
from django.contrib import admin
from django.urls import clear_url_caches

import bench
import bench.load
import bench.run
import finpro.urls

pytestmark = pytest.mark.django_db


@pytest.fixture
def bench_endpoints(settings):
    """Rebuild the URLconf as a server started with BENCH_ENDPOINTS=1 would, then put it back."""
    login = admin.site.login  # finpro.urls wraps the admin login when it is (re)loaded

    def load(enabled):
        settings.BENCH_ENDPOINTS = enabled
        importlib.reload(finpro.urls)
        admin.site.login = login
        clear_url_caches()

    load(True)
    yield
    load(False)


def test_baselines_are_not_mounted_without_the_switch(client, rep_client):
    from django.test import Client

    assert Client().get("/bench/b0/").status_code == 404
    assert rep_client.get("/bench/b1/").status_code == 404


def test_baselines_answer_when_the_switch_is_on(bench_endpoints, client, rep):
    response = client.get("/bench/b0/")
    assert response.status_code == 200
    assert response.content == b"ok\n"
    # B1 is a signed-in view: anonymous visitors go to sign-in like everywhere else.
    assert client.get("/bench/b1/")["Location"].startswith("/accounts/login/")
    client.force_login(rep)
    response = client.get("/bench/b1/")
    assert response.status_code == 200
    assert response.content.decode().strip() == rep.username


def test_bench_module_imports_and_reads_its_options():
    assert callable(bench.run.main)
    args = bench.run.parse_args([])
    assert (args.reps, args.workers, args.connections) == (20_000, 3, 6)
    assert bench.run.parse_args(["--reps", "500", "--workers", "2"]).connections == 4
    assert bench.load.percentile([5, 1, 4, 2, 3], 95) == 5
    assert bench.load.percentile([5, 1, 4, 2, 3], 50) == 3


def test_wrk_script_strings_survive_brackets():
    assert bench.load._lua("a]]b") == "[=[a]]b]=]"
    assert bench.load._lua("x]=]y") == "[==[x]=]y]==]"
