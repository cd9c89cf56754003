// @vitest-environment jsdom
import { cleanup, render, screen, waitFor } from '@testing-library/react'
import userEvent from '@testing-library/user-event'
import { afterEach, expect, it } from 'vitest'
import { medusa } from '../../src/backends/medusa/index.ts'
import { AuthFlow } from '../../src/forms/index.ts'
import { AuthProvider, createAuthClient, memoryStorage } from '../../src/index.ts'
import { browser, medusaUrl, PASSWORD, uniqueEmail } from '../support/medusa.ts'

// <AuthFlow /> on a real Medusa 1.20 (cookie mode): the sign-up asks for the names Medusa's adapter
// declares, and the identifier-first sign-in asks Medusa whether the address has an account.

afterEach(cleanup)

function renderFlow(identifierFirst = false) {
  const page = browser()
  const client = createAuthClient({ backend: medusa({ url: medusaUrl }), fetch: page.fetch, storage: memoryStorage(), sync: false, locks: null })
  render(
    <AuthProvider client={client}>
      <AuthFlow signIn={{ identifierFirst }} />
    </AuthProvider>,
  )
  return { client, page }
}

it('signs up with the names Medusa asks for, which are required', async () => {
  const { client } = renderFlow()
  const user = userEvent.setup()
  await user.click(await screen.findByRole('button', { name: 'Create one' }))
  const email = uniqueEmail('form-signup')
  await user.type(screen.getByLabelText('Email'), email)
  await user.type(screen.getByLabelText('Password'), PASSWORD)
  await user.click(screen.getByRole('button', { name: 'Create account' }))
  await waitFor(() => expect(screen.getByLabelText('First name').getAttribute('aria-invalid')).toBe('true'))
  expect(screen.getByLabelText('Phone number').getAttribute('aria-invalid')).toBeNull()
  await user.type(screen.getByLabelText('First name'), 'Ada')
  await user.type(screen.getByLabelText('Last name'), 'Lovelace')
  await user.click(screen.getByRole('button', { name: 'Create account' }))
  expect(await screen.findByRole('heading', { name: 'You are signed in.' })).toBeTruthy()
  expect(client.getSnapshot().user).toMatchObject({ email, displayName: 'Ada Lovelace' })
})

it('identifier-first: an unknown address is offered a new account with it; a known one goes on to the password', async () => {
  const known = uniqueEmail('form-known')
  const setup = browser()
  const creator = createAuthClient({ backend: medusa({ url: medusaUrl }), fetch: setup.fetch, storage: memoryStorage(), sync: false, locks: null })
  await creator.signUp({ email: known, password: PASSWORD, fields: { first_name: 'Ada', last_name: 'Lovelace' } })

  const { client, page } = renderFlow(true)
  const user = userEvent.setup()
  const unknown = uniqueEmail('form-unknown')
  await user.type(await screen.findByLabelText('Email'), unknown)
  await user.click(screen.getByRole('button', { name: 'Continue' }))
  expect(await screen.findByText(`There is no account for ${unknown}.`)).toBeTruthy()
  expect(page.requests.at(-1)).toMatchObject({ method: 'GET', path: `/store/auth/${encodeURIComponent(unknown)}` })
  await user.click(screen.getByRole('button', { name: 'Create an account' }))
  expect((await screen.findByLabelText('Email') as HTMLInputElement).value).toBe(unknown)
  await user.click(screen.getByRole('button', { name: 'Sign in' }))

  await user.type(await screen.findByLabelText('Email'), known)
  await user.click(screen.getByRole('button', { name: 'Continue' }))
  await user.type(await screen.findByLabelText('Password'), PASSWORD)
  await user.click(screen.getByRole('button', { name: 'Sign in' }))
  expect(await screen.findByRole('heading', { name: 'You are signed in.' })).toBeTruthy()
  expect(client.getSnapshot().user?.email).toBe(known)
})
