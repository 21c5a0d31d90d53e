"""An app demo module for the seeder protocol test: records the call and adds a persona."""

CALLS = []


def seed(demo):
    CALLS.append(demo)
    demo.add_persona(key="sample", label="Sample", username="dana.rep", note="added by a sample seeder")
