// An app's own test of its auth UI, with keyward/testing: copy it next to your components.
import { cleanup, screen } from '@testing-library/react'
import userEvent from '@testing-library/user-event'
import { createReferenceBackend } from 'keyward/testing'
import { renderWithAuth } from 'keyward/testing/react'
import { afterEach, expect, it } from 'vitest'
import { Account, App } from './App'

afterEach(cleanup)

it('shows the account of the signed-in user', async () => {
  await renderWithAuth(<Account />, { user: 'ada@example.com' })
  expect(await screen.findByText('Signed in as ada@example.com')).toBeTruthy()
})

it('signs a user up with the drop-in form', async () => {
  const server = createReferenceBackend({ basePath: '/auth/v1', passwordHashIterations: 1000 })
  await renderWithAuth(<App />, { backend: server })
  const user = userEvent.setup()
  await user.click(await screen.findByRole('button', { name: 'Create one' }))
  await user.type(screen.getByLabelText(/email/i), 'grace@example.com')
  await user.type(screen.getByLabelText(/^password/i), 'correct horse battery')
  await user.click(screen.getByRole('button', { name: /create account|sign up/i }))
  expect(await screen.findByText('Signed in as grace@example.com', {}, { timeout: 10_000 })).toBeTruthy()
  expect(server.admin.getUser('grace@example.com')).not.toBeNull()
})
